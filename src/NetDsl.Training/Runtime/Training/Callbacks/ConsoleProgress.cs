using System;
using System.Globalization;
using System.IO;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Plain-text progress for consoles and logs (Keras' <c>verbose=2</c>): a step line every <c>everySteps</c> steps
    /// (step, loss, images/s, learning rate, ETA of the epoch), one line per finished epoch, the run's warnings first and why it stopped early last.
    /// </summary>
    public sealed class ConsoleProgress : TrainingCallback
    {
        readonly TextWriter output;
        readonly int every;

        /// <summary>Writes to <paramref name="output"/> (the console when null); <paramref name="everySteps"/> 0 prints epoch lines only.</summary>
        public ConsoleProgress(TextWriter? output = null, int everySteps = 50)
        {
            if (everySteps < 0) throw new ArgumentOutOfRangeException(nameof(everySteps), everySteps, "use 0 for epoch lines only");
            this.output = output ?? Console.Out;
            every = everySteps;
        }

        /// <summary>The run's warnings (<see cref="TrainingContext.Warnings"/>), one "warning: …" line each.</summary>
        public override void TrainingStarting(TrainingContext run)
        {
            foreach (string warning in run.Warnings) output.WriteLine("warning: " + warning);
        }

        /// <summary>Why the run stopped before its last epoch (<see cref="TrainingResult.StopReason"/>: early stopping's message, or an observer's reason).</summary>
        public override void TrainingFinished(TrainingResult result)
        {
            if (result.StopReason is string reason) output.WriteLine(result.StoppedEarly ? reason : "stopped: " + reason);
            if (result.Validated)
                output.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, "test (scored once, epochs chosen by validation): loss {0:F4} {1} {2:F4}",
                    result.Test.Loss, result.Test.MetricName, result.Test.Metric));
        }

        /// <inheritdoc/>
        public override void EpochStarting(int epoch, int epochs, int steps, int skipped)
        {
            if (skipped > 0) output.WriteLine($"epoch {epoch}/{epochs}: resuming after step {skipped}/{steps}");
        }

        /// <inheritdoc/>
        public override void StepFinished(StepProgress p)
        {
            if (every == 0 || p.Step % every != 0 && p.Step != p.Steps) return;
            double perStep = p.Seconds / Math.Max(1, p.Step);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "epoch {0} step {1}/{2}  loss {3:F4} (mean {4:F4})  {5:F0} img/s  lr {6:G3}  eta {7:F0}s",
                p.Epoch, p.Step, p.Steps, p.Loss, p.MeanLoss, p.ImagesPerSecond, p.LearningRate, perStep * (p.Steps - p.Step)));
        }

        /// <inheritdoc/>
        public override void EpochFinished(EpochMetrics metrics, int epochs) => output.WriteLine(Describe(metrics, epochs));

        /// <summary>"epoch 2/5  train loss 0.4121 acc 0.8812  test loss 0.3920 acc 0.9010  lr 0.00423  12.3s", custom metrics before the rate.</summary>
        public static string Describe(EpochMetrics m, int epochs)
        {
            string name = m.MetricName == "accuracy" ? "acc" : m.MetricName;
            string train = double.IsNaN(m.TrainMetric) ? "" : string.Format(CultureInfo.InvariantCulture, " {0} {1:F4}", name, m.TrainMetric);
            string custom = "";
            if (m.Custom != null)
                foreach (var (key, value) in m.Custom) custom += string.Format(CultureInfo.InvariantCulture, "  {0} {1:G4}", key, value);
            // The seconds stay last: scripts read "epoch E/N … 12.3s" (DESIGN.md §6).
            return string.Format(CultureInfo.InvariantCulture,
                "epoch {0}/{1}  train loss {2:F4}{3}  {10} loss {4:F4} {5} {6:F4}{7}  lr {8:G3}  {9:F1}s",
                m.Epoch, epochs, m.TrainLoss, train, m.TestLoss, name, m.TestMetric, custom, m.LearningRate, m.Seconds, m.EvaluatedSplit);
        }
    }
}
