using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;

namespace NetDsl.Runtime.Comparison
{
    /// <summary>
    /// The sweep's table of <see cref="ModelResult"/> rows as CSV (read back by <c>compare --sweep</c>), JSON and
    /// Markdown. Numbers are invariant-culture; a metric a run did not reach is empty (null in JSON).
    /// </summary>
    public static class ResultTable
    {
        static readonly string[] Columns =
        {
            "model", "task", "params", "macs", "activation_bytes", "input", "designed_input", "epochs", "train_images", "batch",
            "precision", "seconds", "metric_name", "metric", "card_metric", "reached", "first_loss", "last_loss", "status",
        };

        /// <summary>The CSV header line.</summary>
        public static string Header => string.Join(",", Columns);

        /// <summary>Writes <c>PREFIX.csv</c>, <c>PREFIX.json</c> and <c>PREFIX.md</c> (each atomically).</summary>
        public static void WriteAll(string prefix, IReadOnlyList<ModelResult> rows, string title)
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(prefix));
            if (folder != null) Directory.CreateDirectory(folder);
            MetricsLog.WriteAtomically(prefix + ".csv", ToCsv(rows));
            MetricsLog.WriteAtomically(prefix + ".json", ToJson(rows));
            MetricsLog.WriteAtomically(prefix + ".md", ToMarkdown(rows, title));
        }

        /// <summary>The rows as CSV.</summary>
        public static string ToCsv(IReadOnlyList<ModelResult> rows)
        {
            var csv = new StringBuilder().AppendLine(Header);
            foreach (var r in rows)
                csv.AppendLine(string.Join(",", Quote(r.Model), r.Task.ToString().ToLowerInvariant(), Int(r.Parameters), Int(r.MultiplyAdds),
                    Int(r.ActivationBytes), r.Input.ToString(), r.DesignedInput?.ToString() ?? "", Int(r.Epochs), Int(r.TrainImages), Int(r.BatchSize),
                    Quote(r.Precision), MetricsLog.Number(r.Seconds), r.MetricName, MetricsLog.Number(r.Metric), r.CardMetric is double c ? MetricsLog.Number(c) : "", r.Reached ? "yes" : "no",
                    MetricsLog.Number(r.FirstLoss), MetricsLog.Number(r.LastLoss), Quote(r.Status)));
            return csv.ToString();
        }

        /// <summary>Reads a table written by <see cref="ToCsv"/>; a bad file or row is named with its line.</summary>
        public static IReadOnlyList<ModelResult> ReadCsv(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: sweep table not found", path);
            var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
            if (lines.Count == 0 || !lines[0].StartsWith("model,", StringComparison.Ordinal))
                throw new InvalidDataException($"{path}: not a sweep table (expected the header '{Header}')");
            var header = SplitCsv(lines[0]);
            int Column(string name)
            {
                int i = header.IndexOf(name);
                return i >= 0 ? i : throw new InvalidDataException($"{path}: the header has no '{name}' column");
            }
            int model = Column("model"), task = Column("task"), parameters = Column("params"), macs = Column("macs"), input = Column("input"),
                seconds = Column("seconds"), metricName = Column("metric_name"), metric = Column("metric");
            int activations = header.IndexOf("activation_bytes"), epochs = header.IndexOf("epochs"), status = header.IndexOf("status"),
                cardMetric = header.IndexOf("card_metric"), designed = header.IndexOf("designed_input"), images = header.IndexOf("train_images"),
                batch = header.IndexOf("batch"), precision = header.IndexOf("precision"), firstLoss = header.IndexOf("first_loss"), lastLoss = header.IndexOf("last_loss");
            var rows = new List<ModelResult>();
            for (int n = 1; n < lines.Count; n++)
            {
                var cells = SplitCsv(lines[n]);
                string where = $"{path} line {n + 1}";
                if (cells.Count != header.Count) throw new InvalidDataException($"{where}: {cells.Count} cells, the header has {header.Count}");
                string Cell(int i) => i >= 0 ? cells[i] : "";
                rows.Add(new ModelResult
                {
                    Model = cells[model],
                    Task = Enum.TryParse<ModelTask>(cells[task], ignoreCase: true, out var t) ? t : throw new InvalidDataException($"{where}: unknown task '{cells[task]}'"),
                    Parameters = ParseLong(cells[parameters], where, "params"),
                    MultiplyAdds = ParseLong(cells[macs], where, "macs"),
                    ActivationBytes = Cell(activations) == "" ? 0 : ParseLong(Cell(activations), where, "activation_bytes"),
                    Input = TensorShape.TryParse(cells[input], out var shape) ? shape : throw new InvalidDataException($"{where}: input '{cells[input]}' is not CxHxW"),
                    DesignedInput = TensorShape.TryParse(Cell(designed), out var d) ? d : null,
                    Epochs = Cell(epochs) == "" ? 0 : (int)ParseLong(Cell(epochs), where, "epochs"),
                    TrainImages = Cell(images) == "" ? 0 : (int)ParseLong(Cell(images), where, "train_images"),
                    BatchSize = Cell(batch) == "" ? 0 : (int)ParseLong(Cell(batch), where, "batch"),
                    Precision = Cell(precision),
                    FirstLoss = ParseDouble(Cell(firstLoss), where, "first_loss"),
                    LastLoss = ParseDouble(Cell(lastLoss), where, "last_loss"),
                    Seconds = ParseDouble(cells[seconds], where, "seconds"),
                    MetricName = cells[metricName],
                    Metric = ParseDouble(cells[metric], where, "metric"),
                    CardMetric = Cell(cardMetric) == "" ? null : ParseDouble(Cell(cardMetric), where, "card_metric"),
                    Status = Cell(status) == "" ? "ok" : Cell(status),
                });
            }
            return rows;
        }

        /// <summary>The rows as a JSON array.</summary>
        public static string ToJson(IReadOnlyList<ModelResult> rows)
        {
            using var memory = new MemoryStream();
            using (var json = new Utf8JsonWriter(memory, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartArray();
                foreach (var r in rows)
                {
                    json.WriteStartObject();
                    json.WriteString("model", r.Model);
                    json.WriteString("task", r.Task.ToString().ToLowerInvariant());
                    json.WriteNumber("params", r.Parameters);
                    json.WriteNumber("macs", r.MultiplyAdds);
                    json.WriteNumber("activationBytes", r.ActivationBytes);
                    WriteShape(json, "input", r.Input);
                    if (r.DesignedInput is TensorShape d) WriteShape(json, "designedInput", d);
                    json.WriteNumber("epochs", r.Epochs);
                    json.WriteNumber("trainImages", r.TrainImages);
                    json.WriteNumber("batch", r.BatchSize);
                    if (r.Precision.Length > 0) json.WriteString("precision", r.Precision);
                    MetricsLog.WriteNumber(json, "seconds", r.Seconds);
                    json.WriteString("metricName", r.MetricName);
                    MetricsLog.WriteNumber(json, "metric", r.Metric);
                    MetricsLog.WriteNumber(json, "cardMetric", r.CardMetric ?? double.NaN);
                    json.WriteBoolean("reached", r.Reached);
                    MetricsLog.WriteNumber(json, "firstLoss", r.FirstLoss);
                    MetricsLog.WriteNumber(json, "lastLoss", r.LastLoss);
                    json.WriteString("status", r.Status);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            return Encoding.UTF8.GetString(memory.ToArray()) + "\n";
        }

        /// <summary>The rows as a Markdown table under <paramref name="title"/>.</summary>
        public static string ToMarkdown(IReadOnlyList<ModelResult> rows, string title)
        {
            var md = new StringBuilder().Append("# ").AppendLine(title).AppendLine()
                .AppendLine("| model | task | params | MACs | input (designed) | epochs × images | batch | precision | seconds | metric | card ≥ | loss first → last | status |")
                .AppendLine("|---|---|--:|--:|---|--:|--:|---|--:|--:|--:|---|---|");
            foreach (var r in rows)
            {
                string designed = r.DesignedInput is TensorShape d && d != r.Input ? $" ({d})" : "";
                string metric = double.IsFinite(r.Metric) ? (r.MetricName == "PSNR" ? r.Metric.ToString("F2", CultureInfo.InvariantCulture) + " dB PSNR" : $"{Fixed(r.Metric)} {r.MetricName}") : "—";
                string card = r.CardMetric is double c ? Fixed(c) + (r.Reached ? " ✓" : " ✗") : "";
                md.AppendLine($"| {r.Model} | {r.Task.ToString().ToLowerInvariant()} | {Millions(r.Parameters)} | {Giga(r.MultiplyAdds)} | {r.Input}{designed} | " +
                              $"{r.Epochs} × {r.TrainImages} | {r.BatchSize} | {(r.Precision.Length > 0 ? r.Precision : "—")} | {r.Seconds.ToString("F0", CultureInfo.InvariantCulture)} | {metric} | {card} | " +
                              $"{Fixed(r.FirstLoss)} → {Fixed(r.LastLoss)} | {r.Status.Replace("|", "/")} |");
            }
            return md.ToString();
        }

        static string Millions(long n) => (n / 1e6).ToString("F2", CultureInfo.InvariantCulture) + "M";
        static string Giga(long n) => n >= 1e9 ? (n / 1e9).ToString("F2", CultureInfo.InvariantCulture) + "G" : (n / 1e6).ToString("F1", CultureInfo.InvariantCulture) + "M";
        static string Fixed(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 10 ? "F2" : "F3", CultureInfo.InvariantCulture) : "—";
        static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

        static void WriteShape(Utf8JsonWriter json, string name, TensorShape shape)
        {
            json.WriteStartArray(name);
            foreach (int d in shape.ToArray()) json.WriteNumberValue(d);
            json.WriteEndArray();
        }

        static long ParseLong(string text, string where, string column) =>
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : throw new InvalidDataException($"{where}: {column} '{text}' is not a whole number");

        static double ParseDouble(string text, string where, string column) => text == "" ? double.NaN
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new InvalidDataException($"{where}: {column} '{text}' is not a number");

        static string Quote(string text) => NetDsl.Files.CsvText.Field(text);

        /// <summary>One CSV line into cells (double-quoted cells may hold commas and doubled quotes).</summary>
        internal static List<string> SplitCsv(string line)
        {
            var cells = new List<string>();
            var cell = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cell.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
                else cell.Append(c);
            }
            cells.Add(cell.ToString());
            return cells;
        }
    }
}
