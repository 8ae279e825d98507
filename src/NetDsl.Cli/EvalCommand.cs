using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.IO;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>eval MODEL (--checkpoint FILE | --weights FILE) [--data …] [--input CxHxW] [--batch N] [--seed N] [--test-images N] [--precision …]</c>:
    /// the test split's loss and the task's metrics for a trained model, on the inference path (BatchNorm folded, no autograd). A checkpoint brings its input
    /// size (unless <c>--input</c> overrides it); the last line is the same as <c>train</c>'s. <c>--test-images N</c> scores a seeded
    /// subset of file data's test split, as <c>train</c> draws it (<see cref="SubsetOption"/>), or sizes the shapes set's.
    /// </summary>
    internal static class EvalCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            Device device = DeviceOption.Read(args);
            var source = WeightSource.From(args, entry, required: true)!;
            // Without --data: the data the checkpoint's run trained on (its test split), else the built-in shapes set.
            string? recorded = args.Value("data") == null && source.Info?.Settings?.Data is string d && DataSource.TryParse(d, out _) ? d : null;
            DataSource data = DataSourceSyntax.Parse(args.Value("data") ?? recorded ?? "shapes");
            TaskData.CheckSource(entry, data);
            if (data.Directory != null && !Directory.Exists(data.Directory))
                throw new DirectoryNotFoundException(recorded != null
                    ? $"{data.Directory}: folder not found (the data {source.Path} was trained on); name the test data with --data"
                    : $"{data.Directory}: folder not found (--data {data})");
            int batch = args.Int("batch", 64, 1), seed = args.Int("seed", 0, 0);
            var (_, subsetTest) = SubsetOption.Read(args, data);
            var precision = PrecisionOption.Parse(args);

            CheckpointInfo? info = source.Info;
            var chosen = TrainingInputChooser.Choose(entry, data, args.Shape("input") ?? source.Input, seed, source.Classes, source.Arguments);
            using var network = chosen.Network;
            source.LoadInto(network);
            // Refused rather than scored: NaN weights give an arbitrary accuracy (all one class), not a measurement.
            if (NetDsl.Weights.WeightChecks.FirstNonFinite(network) is var (key, count))
                throw new InvalidDataException($"{source.Path}: '{key}' holds {count} NaN or infinite values (a diverged run?); refusing to evaluate weights whose score would mean nothing");
            console.Out.WriteLine($"model: {entry.Name}  input: {chosen.Input}  from: {source.Path}");

            // The shapes set's test split and a file subset depend on the seed: the one the checkpoint was trained with unless --seed says otherwise.
            // Image files are prepared as the model's training data was (the statistics its weights record), as predict does.
            using var splits = RunData.Open(entry, network, data, chosen.Input, args.Value("seed") == null && info != null ? info.Seed : seed, batch,
                testImages: SubsetOption.Given(args, "test-images") ?? ShapesDataset.DefaultTestCount,
                normalize: data.IsFileBacked ? source.Inference?.Normalization : null, subsetTest: subsetTest, prefetch: WorkersOption.Read(args));
            if (splits.Batches.Subset is { } subset) console.Out.WriteLine(SubsetOption.Line(subset));
            // Bare weights (WeightLoader.Save, a hand-written state dict) cannot say how they were trained: a score on folder data
            // prepared and ordered by guesses may be far off without anything looking wrong.
            if (data.IsFileBacked && source.Info == null && source.Inference == null && entry.Task is ModelTask.Classification or ModelTask.Segmentation)
                console.Error.WriteLine($"note: {source.Path} records no normalisation or class names (netdsl.normalize, netdsl.class_names): images normalised " +
                    $"with the {data.KindName} data's statistics and output i scored as the data's class i (write them with export, or WeightLoader.SaveExport from C#)");
            TaskData.CheckOutput(entry, network, splits.Name, splits.ClassNames, chosen.Input, splits.ClassOrigin);
            if (info?.Settings is RunSettings trained && RunSettings.SameData(trained.Data, data.ToString()))
                SplitNotices.ListingChanged(console, data.ToString(), trained, splits.Batches.Split, evaluating: true);
            SplitNotices.ClassesWithoutTest(console, data.ToString(), splits.ClassesWithoutTest);
            var options = new TrainerOptions { Task = entry.Task, Device = device }
                with { BoxesPerCell = entry.Task == ModelTask.Detection ? TaskData.BoxesPerCell(entry, network, splits.ClassCount) : 2 };
            PrecisionOption.Check(precision, device, console);
            network.to(device);
            using var inference = network.ForInference(precision);
            using var scored = MatchClasses(entry, inference, source, splits.ClassNames, console);
            var result = Evaluator.Evaluate(scored ?? (nn.Module<Tensor, Tensor>)inference, splits.Batches.Test, options.CreateTask(splits.ClassNames), device, $"{splits.Name} test");
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "data: {0}{1} ({2} test samples)  loss {3:F4}",
                data, recorded != null ? " (recorded in the checkpoint)" : "", result.Samples, result.Loss));
            foreach (var (name, value) in result.Details.Where(d => !double.IsNaN(d.Value)))   // NaN: not measured (top-5 of five classes or fewer)
                console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0}: {1:F4}", name, value));
            if (result.Confusion != null) WriteConfusion(console, result.Confusion, splits.ClassNames);
            if (result.PerClass != null) WritePerClass(console, result.PerClass);
            console.Out.WriteLine(RunReport.ResultLine(result.MetricName, result.Metric));
            return ExitCodes.Success;
        }

        /// <summary>
        /// The model's outputs put in the data's class order when the weights name their classes in another order (the shapes
        /// set in memory and a <c>data shapes</c> folder list the same six differently); null when they agree. A data class the
        /// weights do not name is warned about and counted wrong (the model has no output for it), the others still matched by
        /// name; with no name in common, all are scored by index.
        /// </summary>
        static ReorderedClasses? MatchClasses(ModelEntry entry, nn.Module<Tensor, Tensor> model, WeightSource source, IReadOnlyList<string> dataClasses, CliConsole console)
        {
            if (entry.Task is not (ModelTask.Classification or ModelTask.Segmentation)) return null;
            var modelClasses = source.Inference?.ClassNames;
            if (ClassOrder.Disagreement(modelClasses, dataClasses) is string warning)
                console.Error.WriteLine($"warning: {source.Path}: {warning}");
            if (ClassOrder.Mapping(modelClasses, dataClasses) is not long[] order) return null;
            console.Out.WriteLine(order.Contains(ClassOrder.Unknown)
                ? $"classes: {source.Path} names some of the data's classes; outputs matched by name"
                : $"classes: {source.Path} names them in another order than the data; outputs matched by name");
            return new ReorderedClasses(model, order);
        }

        /// <summary>The most classes whose confusion table and per-class rows are printed: more do not fit a console and cost more than the evaluation.</summary>
        internal const int MaxPrintedClasses = 20;

        /// <summary>
        /// The per-class report as a table, the rows of train's per-class.csv (sklearn's classification_report, zero_division=0):
        /// above <see cref="MaxPrintedClasses"/> classes only the averages, with where the rows are written.
        /// </summary>
        static void WritePerClass(CliConsole console, ClassificationReport report)
        {
            static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
            bool rows = report.Classes.Count <= MaxPrintedClasses;
            var table = new Table().Title("per class (zero_division=0)").AddColumn("").AddColumn("precision").AddColumn("recall").AddColumn("f1").AddColumn("support");
            foreach (var s in (rows ? report.Classes : Enumerable.Empty<ClassScores>()).Append(report.MacroAverage).Append(report.WeightedAverage))
                table.AddRow(Markup.Escape(s.Class), F(s.Precision), F(s.Recall), F(s.F1), s.Support.ToString(CultureInfo.InvariantCulture));
            console.Ansi.Write(table);
            if (!rows)
                console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "  per-class rows not printed for {0} classes (at most {1} are); train --out DIR writes them to DIR/per-class.csv " +
                    "(from C#: Evaluator.Evaluate(...).PerClass)", report.Classes.Count, MaxPrintedClasses));
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "  balanced accuracy: {0:F4}", report.BalancedAccuracy));
        }

        static void WriteConfusion(CliConsole console, ConfusionCounts confusion, IReadOnlyList<string> names)
        {
            // The data's classes, and "other" for a wider head's predictions (as in confusion.csv).
            var (columns, rows) = confusion.Table(names);
            if (rows.Count > MaxPrintedClasses)
            {
                console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "confusion: not printed for {0} classes (at most {1} are); train --out DIR writes the whole matrix to DIR/confusion.csv " +
                    "(from C#: Evaluator.Evaluate(...).Confusion)", rows.Count, MaxPrintedClasses));
                return;
            }
            var table = new Table().Title("confusion (rows: truth, columns: predicted)").AddColumn("");
            foreach (string column in columns) table.AddColumn(column);
            foreach (var (truth, counts) in rows)
            {
                var row = new List<string> { truth };
                foreach (long count in counts) row.Add(count.ToString(CultureInfo.InvariantCulture));
                table.AddRow(row.ToArray());
            }
            // A table wider than the console renders as a lone "…" with no line end: the next line would be glued to it.
            var options = Spectre.Console.Rendering.RenderOptions.Create(console.Ansi, console.Ansi.Profile.Capabilities);
            if (((Spectre.Console.Rendering.IRenderable)table).Measure(options, console.Ansi.Profile.Width).Min > console.Ansi.Profile.Width)
            {
                console.Out.WriteLine($"confusion: not printed, {rows.Count} classes do not fit {console.Ansi.Profile.Width} columns; train --out DIR writes it to DIR/confusion.csv");
                return;
            }
            console.Ansi.Write(table);
        }
    }
}
