using System.Globalization;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>What a finished run adds for people: a closing table and task-specific files under <c>--out</c>.</summary>
    internal static class RunReport
    {
        /// <summary>
        /// <c>reconstructions.png</c> for autoencoders (test inputs above their reconstructions).
        /// </summary>
        public static void WriteArtifacts(ModelEntry entry, nn.Module<Tensor, Tensor> network, RunData splits, TrainerOptions options, TrainingResult result)
        {
            if (options.OutDir == null) return;   // confusion.csv: the trainer writes it (Trainer.Run), as for Fit
            if (entry.Task == ModelTask.Reconstruction && splits.TestImages != null)
                ReconstructionGrid.Save(Path.Combine(options.OutDir, ReconstructionGrid.FileName), network, splits.TestImages, options.ResolveDevice());
        }

        /// <summary>Every epoch in a table, then where the best one is kept.</summary>
        public static void Summary(CliConsole console, TrainingResult result, TrainerOptions options)
        {
            if (result.History.Count == 0) return;
            string metric = result.History[^1].MetricName, split = result.History[^1].EvaluatedSplit;
            var table = new Table().Title("summary").AddColumns("epoch", "step", "lr", "train loss", "train " + metric, split + " loss", split + " " + metric, "seconds");
            foreach (var m in result.History)
                table.AddRow(m.Epoch.ToString(CultureInfo.InvariantCulture), m.Step.ToString(CultureInfo.InvariantCulture), Format(m.LearningRate, "G3"),
                    Format(m.TrainLoss), Format(m.TrainMetric), Format(m.TestLoss), Format(m.TestMetric), Format(m.Seconds, "F1"));
            console.Ansi.Write(table);
            // The library's own words (TrainingResult.StopReason, as ConsoleProgress prints them), with where best.bin is.
            string best = options.OutDir == null ? "" : $" ({Path.Combine(options.OutDir, Checkpoint.BestFileName)})";
            // A best.bin found damaged at --resume and never rewritten is not named as the best model.
            if (result.BestCheckpointDamage != null)
                best = $" — but its weights are lost: {result.BestCheckpointDamage} (damaged before --resume; no later epoch scored better, so it was not rewritten)";
            if (result.BestSummary != null)
                console.Out.WriteLine((result.StoppedEarly && result.StopReason != null ? result.StopReason : result.BestSummary) + best);
            // Epochs were judged on validation: the closing test line is the one test score, of best.bin's weights.
            if (result.Validated)
                console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "test (scored once, epochs chosen by validation): loss {0:F4} {1} {2:F4}, the weights of epoch {3}",
                    result.Test.Loss, result.Test.MetricName, result.Test.Metric, options.RestoreBestWeights ? result.BestEpoch : result.History[^1].Epoch));
        }

        /// <summary>The closing line: <c>test accuracy: 0.xxxx</c>, <c>test mIoU: 0.xxxx</c>, <c>test PSNR: xx.xx dB</c>, <c>test mAP@0.5: 0.xxxx</c>.</summary>
        public static string ResultLine(string metric, double value) => metric == "PSNR"
            ? "test PSNR: " + value.ToString("F2", CultureInfo.InvariantCulture) + " dB"
            : $"test {metric}: " + value.ToString("F4", CultureInfo.InvariantCulture);

        static string Format(double value, string format = "F4") =>
            double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
    }
}
