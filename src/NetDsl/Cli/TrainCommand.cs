using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using Spectre.Console;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>train MODEL [--data shapes|mnist:DIR] [--input CxHxW] [--epochs N] [--batch N] [--lr X] [--out DIR]
    /// [--resume] [--seed N] [--weights FILE]</c>. Its last line is <c>test accuracy: 0.xxxx</c>. <c>--weights</c> starts
    /// from a safetensors state dict, loaded strictly (any missing, unexpected or mis-shaped key is an error).
    /// </summary>
    public static class TrainCommand
    {
        public static readonly string[] ValueOptions = { "data", "input", "epochs", "batch", "lr", "out", "seed", "weights" };
        public static readonly string[] Flags = { "resume" };

        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            DataSource data;
            try { data = DataSource.Parse(args.Value("data") ?? "shapes"); }
            catch (System.ArgumentException e) { throw new CliUsageException("--data: " + e.Message); }
            var requested = args.Shape("input");
            var defaults = new TrainerOptions();
            var options = defaults with
            {
                ModelName = entry.Name,
                Epochs = args.Int("epochs", defaults.Epochs, 1),
                BatchSize = args.Int("batch", defaults.BatchSize, 1),
                LearningRate = args.PositiveDouble("lr", entry.LearningRate ?? defaults.LearningRate),
                Seed = args.Int("seed", 0, 0),
                OutDir = args.Value("out") ?? Path.Combine("runs", entry.Name),
                Resume = args.Flag("resume"),
            };
            if (data.IsMnist && !Directory.Exists(data.Directory))
                throw new DirectoryNotFoundException($"{data.Directory}: MNIST folder not found");
            string? weights = args.Value("weights");
            if (weights != null && options.Resume)
                throw new CliUsageException("--weights and --resume cannot be combined: a resumed run continues from its checkpoint's weights");
            if (weights != null && !File.Exists(weights)) throw new FileNotFoundException($"{weights}: weights file not found", weights);
            string checkpoint = Path.Combine(options.OutDir, Checkpoint.FileName);
            if (options.Resume && !File.Exists(checkpoint))
                throw new FileNotFoundException($"{checkpoint}: no checkpoint to resume from", checkpoint);

            var chosen = TrainingInputChooser.Choose(entry, data, requested, options.Seed);
            using var network = chosen.Network;
            console.Out.WriteLine($"model: {entry.Name}  input: {chosen.Input} ({chosen.Reason})");
            using var splits = data.Load(chosen.Input, options.Seed);
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "data: {0} ({1} train / {2} test, {3} classes)  device: {4}  out: {5}",
                data, splits.Train.Count, splits.Test.Count, splits.Train.ClassCount, options.ResolveDevice().type, options.OutDir));
            CheckClasses(entry, network, splits);
            if (weights != null)
            {
                var loaded = NetDsl.Weights.WeightLoader.Load(network, weights, strict: true);
                console.Out.WriteLine($"weights: {loaded.Loaded.Count} tensors from {weights}");
            }

            if (options.Resume)
                console.Out.WriteLine($"resuming from {checkpoint} after epoch {Checkpoint.ReadInfo(checkpoint).Epoch}");

            var trainer = new Trainer(network, splits, options);
            TrainingResult result;
            if (console.Interactive)
            {
                TrainingResult? done = null;
                console.Ansi.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(context => done = trainer.Run(new SpectreProgressObserver(context, console.Ansi)));
                result = done!;
            }
            else
            {
                result = trainer.Run(new PlainProgressObserver(console.Out));
            }
            console.Out.WriteLine("test accuracy: " + result.TestAccuracy.ToString("F4", CultureInfo.InvariantCulture));
            return ExitCodes.Success;
        }

        /// <summary>A classifier needs at least as many outputs as the data has classes.</summary>
        static void CheckClasses(ModelEntry entry, Network network, DataSplits splits)
        {
            var output = network.OutputShape;
            if (output.IsMap || output.C < splits.Train.ClassCount)
                throw new CliUsageException(
                    $"{entry.Name} outputs {output} but {splits.Name} has {splits.Train.ClassCount} classes; train a classifier with at least {splits.Train.ClassCount} outputs");
        }
    }
}
