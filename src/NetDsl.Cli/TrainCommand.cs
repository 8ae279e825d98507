using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using Spectre.Console;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>train MODEL [options]</c> (options declared in <see cref="TrainArgs"/>). The loss and metrics follow the
    /// model's task; the last line is <c>test accuracy: 0.xxxx</c> (classifiers), <c>test mIoU: 0.xxxx</c>,
    /// <c>test PSNR: xx.xx dB</c> or <c>test mAP@0.5: 0.xxxx</c>. <c>--weights</c> starts from a safetensors
    /// state dict, loaded strictly (any missing, unexpected or mis-shaped key is an error).
    /// </summary>
    internal static class TrainCommand
    {
        public static int Run(ParseResult args, TrainArgs a, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.GetValue(a.Model)!);
            DataSource data = args.GetValue(a.Data)!;
            TaskData.CheckSource(entry, data);
            var requested = args.GetValue(a.Input);
            var options = TrainOptionsParser.Parse(args, a, entry);
            if (data.Directory != null && !Directory.Exists(data.Directory))
                throw new DirectoryNotFoundException($"{data.Directory}: {data.KindName} folder not found");
            string? weights = args.GetValue(a.Weights);
            if (weights != null && options.Resume)
                throw new CliUsageException("--weights and --resume cannot be combined: a resumed run continues from its checkpoint's weights");
            if (weights != null && !File.Exists(weights)) throw new FileNotFoundException($"{weights}: weights file not found", weights);
            string checkpoint = Path.Combine(options.OutDir!, Checkpoint.FileName);
            if (options.Resume && !File.Exists(checkpoint))
                throw new FileNotFoundException($"{checkpoint}: no checkpoint to resume from", checkpoint);

            var chosen = TrainingInputChooser.Choose(entry, data, requested, options.Seed);
            using var network = chosen.Network;
            string task = entry.Task == ModelTask.Classification ? "" : "  task: " + entry.Task.ToString().ToLowerInvariant();
            console.Out.WriteLine($"model: {entry.Name}  input: {chosen.Input} ({chosen.Reason}){task}");
            using var splits = RunData.Open(entry, network, data, chosen.Input, options.Seed, options.BatchSize);
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "data: {0} ({1} train / {2} test, {3} classes)  device: {4}  out: {5}",
                data, splits.TrainCount, splits.TestCount, splits.ClassCount, options.ResolveDevice().type, options.OutDir));
            TaskData.CheckOutput(entry, network, splits.Name, splits.ClassNames, chosen.Input);
            if (entry.Task == ModelTask.Detection) options = options with { BoxesPerCell = TaskData.BoxesPerCell(entry, network, splits.ClassCount) };
            if (weights != null)
            {
                var loaded = NetDsl.Weights.WeightLoader.Load(network, weights, strict: true);
                console.Out.WriteLine($"weights: {loaded.Loaded.Count} tensors from {weights}");
            }
            if (options.Resume)
            {
                var info = Checkpoint.ReadInfo(checkpoint);
                string within = info.Position is { StepInEpoch: > 0 } p ? $", step {p.StepInEpoch} of epoch {info.Epoch + 1}" : "";
                console.Out.WriteLine($"resuming from {checkpoint} after epoch {info.Epoch}{within}");
            }

            var trainer = new Trainer(network, splits.Batches, options);
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
            RunReport.WriteArtifacts(entry, network, splits, options, result);
            RunReport.Summary(console, result, options);
            console.Out.WriteLine(RunReport.ResultLine(result.Test.MetricName, result.Test.Metric));
            return ExitCodes.Success;
        }
    }
}
