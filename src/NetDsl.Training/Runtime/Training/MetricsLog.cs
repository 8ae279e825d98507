using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Per-epoch metrics as <c>metrics.csv</c> and <c>metrics.json</c>. Both are rewritten from the full
    /// history after every epoch (a resumed run carries the history in its checkpoint), so each file always
    /// holds one row per finished epoch even if a run stopped between two writes. Columns name the task's
    /// metric (<c>test_accuracy</c>, <c>test_miou</c>, <c>test_psnr</c>, <c>test_map50</c>), then its secondary
    /// test metrics (<c>test_top5</c>, <c>test_pixelaccuracy</c>, …), then the metrics observers added (under their own
    /// names; <c>custom</c> in JSON); a metric a task does not measure is empty (null in JSON).
    /// </summary>
    internal static class MetricsLog
    {
        public const string CsvFileName = RunFiles.MetricsCsv;
        public const string JsonFileName = RunFiles.MetricsJson;
        public const string CsvHeader = "epoch,step,lr,train_loss,train_accuracy,test_loss,test_accuracy,seconds";

        public static void Write(string directory, IReadOnlyList<EpochMetrics> history)
        {
            Directory.CreateDirectory(directory);
            string metric = history.Count == 0 ? "accuracy" : ColumnName(history[^1].MetricName);
            var details = history.Count == 0 || history[^1].Details == null ? new List<string>() : history[^1].Details!.Keys.ToList();
            var custom = history.SelectMany(m => m.Custom?.Keys ?? Enumerable.Empty<string>()).Distinct().ToList();
            // A run with a validation split names its evaluation columns val_…; a run without keeps the test_… columns.
            string split = history.Count == 0 ? "test" : history[^1].EvaluatedSplit;
            var csv = new StringBuilder().Append(CsvHeader.Replace("accuracy", metric).Replace("test_", split + "_"));
            foreach (string key in details) csv.Append(',').Append(split).Append('_').Append(ColumnName(key));
            foreach (string key in custom) csv.Append(',').Append(ColumnName(key));
            csv.AppendLine();
            foreach (var m in history)
            {
                csv.Append(string.Join(",", Number(m.Epoch), Number(m.Step), Number(m.LearningRate), Number(m.TrainLoss),
                    Number(m.TrainMetric), Number(m.TestLoss), Number(m.TestMetric), Number(m.Seconds)));
                foreach (string key in details)
                    csv.Append(',').Append(m.Details != null && m.Details.TryGetValue(key, out double v) ? Number(v) : "");
                foreach (string key in custom)
                    csv.Append(',').Append(m.Custom != null && m.Custom.TryGetValue(key, out double v) ? Number(v) : "");
                csv.AppendLine();
            }
            WriteAtomically(Path.Combine(directory, CsvFileName), csv.ToString());
            WriteAtomically(Path.Combine(directory, JsonFileName), ToJson(history));
        }

        /// <summary>
        /// A run with a validation split: the test split's one score, of the weights the run left (<c>test.json</c>), with the epoch whose weights
        /// they are (the best epoch when restored, else the last finished one) and the best epoch by validation.
        /// </summary>
        public static void WriteFinalTest(string directory, EvaluationResult test, int lastEpoch, int bestEpoch, bool restored)
        {
            using var memory = new MemoryStream();
            using (var json = new Utf8JsonWriter(memory, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteNumber("weightsOfEpoch", restored ? bestEpoch : lastEpoch);
                json.WriteNumber("bestEpoch", bestEpoch);
                WriteNumber(json, "testLoss", test.Loss);
                WriteNumber(json, "testMetric", test.Metric);
                json.WriteString("metric", test.MetricName);
                json.WriteStartObject("details");
                foreach (var (key, value) in test.Details ?? new Dictionary<string, double>()) WriteNumber(json, key, value);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            WriteAtomically(Path.Combine(directory, RunFiles.FinalTest), Encoding.UTF8.GetString(memory.ToArray()) + "\n");
        }

        /// <summary>"mAP@0.5" → "map50", "iou.circle" → "iou_circle": safe as CSV column names.</summary>
        internal static string ColumnName(string name) =>
            new string(name.ToLowerInvariant().Replace("@0.", "").Replace(' ', '_').Replace('.', '_').Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray());

        static string ToJson(IReadOnlyList<EpochMetrics> history)
        {
            using var memory = new MemoryStream();
            using (var json = new Utf8JsonWriter(memory, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartArray();
                foreach (var m in history)
                {
                    json.WriteStartObject();
                    json.WriteNumber("epoch", m.Epoch);
                    json.WriteNumber("step", m.Step);
                    WriteNumber(json, "lr", m.LearningRate);
                    WriteNumber(json, "trainLoss", m.TrainLoss);
                    WriteNumber(json, "trainMetric", m.TrainMetric);
                    WriteNumber(json, m.Validated ? "valLoss" : "testLoss", m.TestLoss);
                    WriteNumber(json, m.Validated ? "valMetric" : "testMetric", m.TestMetric);
                    WriteNumber(json, "seconds", m.Seconds);
                    json.WriteString("metric", m.MetricName);
                    json.WriteStartObject("details");
                    foreach (var (key, value) in m.Details ?? new Dictionary<string, double>()) WriteNumber(json, key, value);
                    json.WriteEndObject();
                    json.WriteStartObject("custom");
                    foreach (var (key, value) in m.Custom ?? new Dictionary<string, double>()) WriteNumber(json, key, value);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            return Encoding.UTF8.GetString(memory.ToArray()) + "\n";
        }

        internal static void WriteNumber(Utf8JsonWriter json, string name, double value)
        {
            if (double.IsFinite(value)) json.WriteNumber(name, value);
            else json.WriteNull(name);
        }

        internal static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
        static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        internal static void WriteAtomically(string path, string text) => NetDsl.Files.ReplacingWrite.Text(path, text);
    }
}
