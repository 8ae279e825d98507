using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// <see cref="DataCheckReport.ToJson"/>: <c>{"source","classes":[...],"masks","files","badFiles","problemCount",
    /// "splits":{"train":{...},"test":{...}},"problems":[{"path","message"}]}</c>; a split holds <c>samples</c>, <c>readable</c>,
    /// <c>perClass</c> (class name: count), <c>sizes</c> (<c>min</c>/<c>max</c> as [H, W], <c>distinct</c>), <c>formats</c>
    /// and for masks <c>maskFractions</c> (class name: share of pixels) and <c>voidFraction</c>.
    /// </summary>
    internal static class DataCheckJson
    {
        public static string Write(DataCheckReport report, int? maxProblems)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("source", report.Source);
                json.WriteStartArray("classes");
                foreach (string name in report.ClassNames) json.WriteStringValue(name);
                json.WriteEndArray();
                json.WriteBoolean("masks", report.HasMasks);
                json.WriteNumber("files", report.Files);
                json.WriteNumber("badFiles", report.BadFiles);
                json.WriteNumber("problemCount", report.Problems.Count);
                json.WriteStartObject("splits");
                Split(json, report, report.Train);
                Split(json, report, report.Test);
                json.WriteEndObject();
                json.WriteStartArray("problems");
                foreach (var problem in report.Problems.Take(maxProblems ?? int.MaxValue))
                {
                    json.WriteStartObject();
                    json.WriteString("path", problem.Path);
                    json.WriteString("message", problem.Message);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        static void Split(Utf8JsonWriter json, DataCheckReport report, DataSplitCheck split)
        {
            json.WriteStartObject(split.Name);
            json.WriteNumber("samples", split.Samples);
            json.WriteNumber("readable", split.Readable);
            json.WriteStartObject("perClass");
            for (int c = 0; c < split.PerClass.Count; c++) json.WriteNumber(ClassName(report, c), split.PerClass[c]);
            json.WriteEndObject();
            json.WriteStartObject("sizes");
            Size(json, "min", split.MinSize);
            Size(json, "max", split.MaxSize);
            json.WriteNumber("distinct", split.DistinctSizes);
            json.WriteEndObject();
            json.WriteStartObject("formats");
            foreach (var (format, count) in split.Formats) json.WriteNumber(format, count);
            json.WriteEndObject();
            if (split.MaskPixels != null)
            {
                json.WriteStartObject("maskFractions");
                for (int c = 0; c < split.MaskPixels.Count; c++) json.WriteNumber(ClassName(report, c), split.MaskFraction(c));
                json.WriteEndObject();
                json.WriteNumber("voidFraction", split.VoidFraction);
            }
            json.WriteEndObject();
        }

        static void Size(Utf8JsonWriter json, string name, (int Height, int Width)? size)
        {
            if (size is not { } s) { json.WriteNull(name); return; }
            json.WriteStartArray(name);
            json.WriteNumberValue(s.Height);
            json.WriteNumberValue(s.Width);
            json.WriteEndArray();
        }

        /// <summary>The class's name; a label past the list (no classes.txt) by its number.</summary>
        public static string ClassName(DataCheckReport report, int label) =>
            label < report.ClassNames.Count ? report.ClassNames[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
