using System.Collections.Generic;
using System.CommandLine;
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
    /// <c>eval MODEL (--checkpoint FILE | --weights FILE) [--data …] [--input CxHxW] [--batch N] [--seed N]</c>: the
    /// test split's loss and the task's metrics for a trained model, in eval mode. A checkpoint brings its input
    /// size (unless <c>--input</c> overrides it); the last line is the same as <c>train</c>'s.
    /// </summary>
    internal static class EvalCommand
    {
        /// <summary><c>eval</c>'s command line, declared once.</summary>
        internal sealed class Args(CommandSpec c)
        {
            public readonly Argument<string> Model = c.Model();
            public readonly Option<string?> Checkpoint = c.Checkpoint("the trained model: a NetDsl checkpoint (this or --weights)");
            public readonly Option<string?> Weights = c.Weights("the trained model: a safetensors state dict (this or --checkpoint)");
            public readonly Option<DataSource> Data = c.Data();
            public readonly Option<TensorShape?> Input = c.Input("the checkpoint's input, else the model's declared one");
            public readonly Option<int> Batch = c.Batch(64);
            public readonly Option<int> Seed = c.Int("--seed", "seed of the shapes set's test split", 0, min: 0);
        }

        public static int Run(ParseResult args, Args a, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.GetValue(a.Model)!);
            string? checkpoint = args.GetValue(a.Checkpoint), weights = args.GetValue(a.Weights);
            if ((checkpoint == null) == (weights == null))
                throw new CliUsageException("'eval' needs exactly one of --checkpoint FILE or --weights FILE");
            string file = (checkpoint ?? weights)!;
            if (!File.Exists(file)) throw new FileNotFoundException($"{file}: {(checkpoint != null ? "checkpoint" : "weights file")} not found", file);
            DataSource data = args.GetValue(a.Data)!;
            TaskData.CheckSource(entry, data);
            if (data.Directory != null && !Directory.Exists(data.Directory))
                throw new DirectoryNotFoundException($"{data.Directory}: {data.KindName} folder not found");
            int batch = args.GetValue(a.Batch), seed = args.GetValue(a.Seed);

            TensorShape? requested = args.GetValue(a.Input);
            CheckpointInfo? info = checkpoint != null ? Checkpoint.ReadInfo(checkpoint) : null;
            if (info != null && info.ModelName != entry.Name)
                throw new InvalidDataException($"{checkpoint}: was written for {info.ModelName}, not {entry.Name}");
            if (requested == null && info != null && TensorShape.TryParse(info.Input, out TensorShape saved)) requested = saved;
            var chosen = TrainingInputChooser.Choose(entry, data, requested, seed);
            using var network = chosen.Network;
            if (checkpoint != null) Checkpoint.Load(checkpoint, network, null);
            else NetDsl.Weights.WeightLoader.Load(network, weights!, strict: true);
            console.Out.WriteLine($"model: {entry.Name}  input: {chosen.Input}  from: {file}");

            // The shapes set's test split depends on the seed: the one the checkpoint was trained with unless --seed says otherwise.
            using var splits = RunData.Open(entry, network, data, chosen.Input, !args.IsGiven(a.Seed) && info != null ? info.Seed : seed, batch);
            TaskData.CheckOutput(entry, network, splits.Name, splits.ClassNames, chosen.Input);
            var options = new TrainerOptions { Task = entry.Task }
                with { BoxesPerCell = entry.Task == ModelTask.Detection ? TaskData.BoxesPerCell(entry, network, splits.ClassCount) : 2 };
            Device device = options.ResolveDevice();
            network.to(device);
            var result = Evaluator.Evaluate(network, splits.Batches.Test, options.CreateTask(splits.ClassNames), device, $"{splits.Name} test");
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "data: {0} ({1} test samples)  loss {2:F4}", data, result.Samples, result.Loss));
            foreach (var (name, value) in result.Details)
                console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0}: {1:F4}", name, value));
            if (result.Confusion != null) WriteConfusion(console, result.Confusion, splits.ClassNames);
            console.Out.WriteLine(RunReport.ResultLine(result.MetricName, result.Metric));
            return ExitCodes.Success;
        }

        static void WriteConfusion(CliConsole console, ConfusionCounts confusion, IReadOnlyList<string> names)
        {
            // The data's classes, and "other" for a wider head's predictions (as in confusion.csv).
            var (columns, rows) = confusion.Table(names);
            var table = new Table().Title("confusion (rows: truth, columns: predicted)").AddColumn("");
            foreach (string column in columns) table.AddColumn(column);
            foreach (var (truth, counts) in rows)
            {
                var row = new List<string> { truth };
                foreach (long count in counts) row.Add(count.ToString(CultureInfo.InvariantCulture));
                table.AddRow(row.ToArray());
            }
            console.Ansi.Write(table);
        }
    }
}
