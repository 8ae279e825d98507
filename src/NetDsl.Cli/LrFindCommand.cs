using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>lr-find MODEL [--data …] [--input CxHxW] [--batch N] [--precision …] [--optimizer sgd|adamw|lamb] [--min-lr X]
    /// [--max-lr X] [--steps N] [--seed N] [--out PREFIX]</c>: the learning-rate range test (<see cref="LearningRateFinder"/>)
    /// on the model as <c>train</c> would build it and its data, with <c>train</c>'s option parsing and the model card's recipe;
    /// prints the suggestion and a short table, and with <c>--out</c> writes <c>PREFIX.csv</c> and <c>PREFIX.png</c>.
    /// Nothing else is written: no run folder, no checkpoint. Ctrl-C (or SIGTERM) ends the sweep early and reports the steps
    /// taken, with the signal's exit code (130, 143).
    /// </summary>
    internal static class LrFindCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            DataSource data = DataSourceSyntax.Parse(args.Value("data") ?? "shapes");
            TaskData.CheckSource(entry, data);
            var requested = args.Shape("input");
            var options = TrainOptionsParser.Parse(args, entry) with { DataSource = data.ToString(), OutDir = null };
            var defaults = new LearningRateFinderOptions();
            var finder = defaults with
            {
                MinLearningRate = args.PositiveDouble("min-lr", defaults.MinLearningRate),
                MaxLearningRate = args.PositiveDouble("max-lr", defaults.MaxLearningRate),
                Steps = args.Int("steps", defaults.Steps, 2),
            };
            if (!(finder.MaxLearningRate > finder.MinLearningRate))
                throw new CliUsageException($"--max-lr ({Number(finder.MaxLearningRate)}) must be above --min-lr ({Number(finder.MinLearningRate)})");
            string? prefix = args.Value("out");
            if (prefix != null) OutputPath.CheckPrefix(prefix, "--out", args, ".csv", ".png");
            PrecisionOption.Check(options.Precision, options.ResolveDevice(), console);
            var arguments = entry.Card.Arguments.With(ModelBuild.Arguments(args, entry) ?? ModelArguments.None);
            if (data.Directory != null && !Directory.Exists(data.Directory))
                throw new DirectoryNotFoundException($"{data.Directory}: folder not found (--data {data})");
            var (subsetTrain, _) = SubsetOption.Read(args, data);
            var chosen = TrainingInputChooser.Choose(entry, data, requested, options.Seed, null, arguments);
            int trainImages = args.Value("train-images") != null ? args.Int("train-images", 1, 1) : entry.Card.TrainImages ?? ShapesDataset.DefaultTrainCount;
            (chosen, var splits) = chosen.OpenData(entry, sizeHead: true, options.Seed,
                built => RunData.Open(entry, built, data, chosen.Input, options.Seed, options.BatchSize, trainImages,
                    entry.Card.TestImages ?? ShapesDataset.DefaultTestCount, subsetTrain: subsetTrain, prefetch: WorkersOption.Read(args)));
            using var network = chosen.Network;
            using var ownedSplits = splits;
            options = options with { Classes = chosen.Classes, Arguments = arguments.IsEmpty ? null : arguments.ToString() };
            TaskData.CheckOutput(entry, network, splits.Name, splits.ClassNames, chosen.Input, splits.ClassOrigin);
            if (entry.Task == ModelTask.Detection) options = options with { BoxesPerCell = TaskData.BoxesPerCell(entry, network, splits.ClassCount) };

            // Ctrl-C / SIGTERM ends the sweep after the step under way; what it measured is still shown (and written).
            using var stop = StopSignals.Listen(console, "finishing the current step and showing the sweep so far");
            string built = arguments.IsEmpty ? "" : "  arguments: " + arguments;
            string precision = options.Precision == Precision.Fp32 ? "" : "  precision: " + options.Precision.Name();
            console.Out.WriteLine($"model: {entry.Name}  input: {chosen.Input} ({chosen.Reason}){chosen.HeadNote}{built}{precision}");
            console.Out.WriteLine("recipe: " + options.Describe());
            int perEpoch = splits.Batches.Train.BatchesPerEpoch;
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "data: {0} ({1} train images, {2} batches of {3} per epoch)  device: {4}",
                data, splits.TrainCount, perEpoch, options.BatchSize, options.ResolveDevice().type));
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "sweep: {0} to {1} over {2} steps{3}",
                Number(finder.MinLearningRate), Number(finder.MaxLearningRate), finder.Steps,
                finder.Steps > perEpoch ? $" ({(finder.Steps + perEpoch - 1) / perEpoch} epochs of the data)" : ""));

            var result = LearningRateFinder.Run(network, splits.Batches, options with { Stop = stop.Token }, finder);

            console.Out.WriteLine("     lr        loss   smoothed");
            foreach (var p in Sampled(result.Points, result.SuggestionStep))
                console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,10}  {1,9:F4}  {2,9:F4}{3}",
                    Number(p.LearningRate), p.Loss, p.SmoothedLoss, p.Step == result.SuggestionStep ? "  <- suggested" : ""));
            if (result.DivergedAtStep is int at)
                console.Out.WriteLine($"stopped at step {at} of {finder.Steps}: {result.DivergenceReason}");
            if (result.StoppedOnRequest)
                console.Error.WriteLine($"stopped on request after step {result.Points.Count} of {finder.Steps}: the table and suggestions cover those steps only");
            if (prefix != null && result.Points.Count > 0)
            {
                result.WriteCsv(prefix + ".csv");
                result.SavePlot(prefix + ".png", $"{entry.Name} on {data}: learning-rate finder");
                console.Out.WriteLine($"wrote {prefix}.csv, {prefix}.png");
            }
            if (result.SteepestSuggestion is double steep)
                console.Out.WriteLine($"steepest descent before the minimum (Lightning): {Number(steep)}");
            if (result.MinimumLossSuggestion is double low)
                console.Out.WriteLine($"minimum loss / 10 (fastai): {Number(low)}");
            console.Out.WriteLine($"card's rate: {Number(options.LearningRate)} ({options.Optimizer.Name()})");
            if (result.Suggestion is double lr)
                console.Out.WriteLine($"suggested lr: {Number(lr)} ({result.SuggestionMethod})");
            else
                console.Out.WriteLine($"suggested lr: none ({result.SuggestionMethod})");
            return result.StoppedOnRequest ? stop.ExitCode : ExitCodes.Success;
        }

        static string Number(double value) => LearningRateFinder.Format(value);

        /// <summary>About a dozen rows: every ⌈n/12⌉-th point, the suggestion and the last.</summary>
        static IEnumerable<LearningRatePoint> Sampled(IReadOnlyList<LearningRatePoint> points, int? suggested)
        {
            int every = System.Math.Max(1, (points.Count + 11) / 12);
            for (int i = 0; i < points.Count; i++)
                if (i % every == 0 || i == points.Count - 1 || i == suggested) yield return points[i];
        }
    }
}
