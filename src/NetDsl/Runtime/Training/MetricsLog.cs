using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Per-epoch metrics as <c>metrics.csv</c> and <c>metrics.json</c>. Both are rewritten from the full
    /// history after every epoch (a resumed run carries the history in its checkpoint), so each file always
    /// holds one row per finished epoch even if a run stopped between two writes.
    /// </summary>
    public static class MetricsLog
    {
        public const string CsvFileName = "metrics.csv";
        public const string JsonFileName = "metrics.json";
        public const string CsvHeader = "epoch,step,lr,train_loss,train_accuracy,test_loss,test_accuracy,seconds";

        public static void Write(string directory, IReadOnlyList<EpochMetrics> history)
        {
            Directory.CreateDirectory(directory);
            var csv = new StringBuilder().AppendLine(CsvHeader);
            foreach (var m in history)
                csv.AppendLine(string.Join(",", Number(m.Epoch), Number(m.Step), Number(m.LearningRate), Number(m.TrainLoss),
                    Number(m.TrainAccuracy), Number(m.TestLoss), Number(m.TestAccuracy), Number(m.Seconds)));
            WriteAtomically(Path.Combine(directory, CsvFileName), csv.ToString());
            WriteAtomically(Path.Combine(directory, JsonFileName), ToJson(history));
        }

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
                    json.WriteNumber("lr", m.LearningRate);
                    json.WriteNumber("trainLoss", m.TrainLoss);
                    json.WriteNumber("trainAccuracy", m.TrainAccuracy);
                    json.WriteNumber("testLoss", m.TestLoss);
                    json.WriteNumber("testAccuracy", m.TestAccuracy);
                    json.WriteNumber("seconds", m.Seconds);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            return Encoding.UTF8.GetString(memory.ToArray()) + "\n";
        }

        static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        static void WriteAtomically(string path, string text)
        {
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
    }
}
