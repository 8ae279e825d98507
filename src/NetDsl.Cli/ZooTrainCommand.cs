using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Runtime.Comparison;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>zoo-train [MODEL…] [--out PREFIX] [--budget SECONDS] [--epochs N] [--train-images N] [--test-images N] [--input CxHxW]
    /// [--batch N] [--seed N] [--threads N] [--val-fraction F]</c>: trains every model (or those named) with its model card on the built-in shapes data and
    /// writes <c>PREFIX.csv</c>, <c>PREFIX.json</c> and <c>PREFIX.md</c> after each one, keeping the rows of other models an
    /// existing table holds. Exit 1 when a model trained now misses its card's metric.
    /// </summary>
    internal static class ZooTrainCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var chosen = args.Positionals.Count == 0 ? models : args.Positionals.Select(name => ModelLookup.Find(models, name)).ToList();
            string prefix = args.Value("out") ?? "zoo-training";
            var settings = new SweepSettings
            {
                BudgetSeconds = args.PositiveDouble("budget", 600),
                Epochs = args.Value("epochs") == null ? null : args.Int("epochs", 1, 1),
                TrainImages = args.Value("train-images") == null ? null : args.Int("train-images", 1, 1),
                TestImages = args.Value("test-images") == null ? null : args.Int("test-images", 1, 1),
                Input = args.Shape("input"),
                BatchSize = args.Value("batch") == null ? null : args.Int("batch", 1, 1),
                Seed = args.Int("seed", 0, 0),
                ValidationFraction = args.Value("val-fraction") == null ? null : TrainOptionsParser.ValidationFractionOption(args),
            };
            // On a machine other jobs share, one intra-op thread per process avoids OpenMP spin-waits (10x faster there).
            if (args.Value("threads") != null) TorchSharp.torch.set_num_threads(args.Int("threads", 1, 1));
            // An existing table keeps the rows of the models not trained now (a sweep resumed or one model re-run).
            var kept = System.IO.File.Exists(prefix + ".csv") ? ResultTable.ReadCsv(prefix + ".csv").ToList() : new List<ModelResult>();
            var rows = new List<ModelResult>();
            string title = "Zoo training sweep: every model with its model card on the built-in shapes data";
            ZooSweep.Run(chosen, settings, row =>
            {
                rows.Add(row);
                ResultTable.WriteAll(prefix, Merge(models, kept, rows), title);   // after every model, so a stopped sweep keeps what it measured
                console.Out.WriteLine(Line(row));
            });
            if (kept.Count > 0) console.Out.WriteLine($"kept {kept.Count(k => rows.All(r => r.Model != k.Model))} rows of models not trained now from {prefix}.csv");
            var missed = rows.Where(r => !r.Reached).Select(r => r.Model).ToList();
            console.Out.WriteLine($"wrote {prefix}.csv, {prefix}.json, {prefix}.md; {rows.Count - missed.Count}/{rows.Count} reached their card's metric");
            if (missed.Count == 0) return ExitCodes.Success;
            console.Error.WriteLine("error: below their card's metric (or failed): " + string.Join(", ", missed));
            return ExitCodes.Failure;
        }

        /// <summary>The kept rows with the new ones in their place, in catalogue order.</summary>
        static List<ModelResult> Merge(IReadOnlyList<ModelEntry> models, List<ModelResult> kept, List<ModelResult> fresh)
        {
            var byModel = kept.ToDictionary(r => r.Model);
            foreach (var row in fresh) byModel[row.Model] = row;
            var order = models.Select((m, i) => (m.Name, i)).ToDictionary(p => p.Name, p => p.i);
            return byModel.Values.OrderBy(r => order.TryGetValue(r.Model, out int i) ? i : int.MaxValue).ThenBy(r => r.Model, System.StringComparer.Ordinal).ToList();
        }

        static string Line(ModelResult r) => string.Format(CultureInfo.InvariantCulture,
            "{0,-22} {1,8:F2}M params {2,9:F3} GMACs  {3,-10} {4} ep × {5} img  {6,6:F0} s  {7} {8:F4}{9}  loss {10:F3} → {11:F3}  {12}",
            r.Model, r.Parameters / 1e6, r.MultiplyAdds / 1e9, r.Input, r.Epochs, r.TrainImages, r.Seconds, r.MetricName, r.Metric,
            r.CardMetric is double c ? $" (card ≥ {c.ToString("G3", CultureInfo.InvariantCulture)} {(r.Reached ? "ok" : "MISSED")})" : "",
            r.FirstLoss, r.LastLoss, r.Status);
    }
}
