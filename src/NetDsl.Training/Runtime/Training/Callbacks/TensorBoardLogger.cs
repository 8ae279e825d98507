using System;
using TorchSharp;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Writes a run to TensorBoard event files (TorchSharp's <c>torch.utils.tensorboard.SummaryWriter</c>) under
    /// <see cref="Directory"/>: per step <c>train/loss</c> and <c>train/lr</c>; per epoch <c>epoch/train_loss</c>,
    /// <c>epoch/test_loss</c>, <c>epoch/train_METRIC</c>, <c>epoch/test_METRIC</c>, the secondary test metrics and every
    /// custom metric, all at the global step. View with <c>tensorboard --logdir DIR</c>.
    /// </summary>
    public sealed class TensorBoardLogger : TrainingCallback
    {
        readonly TorchSharp.Modules.SummaryWriter writer;
        readonly int every;

        /// <summary>Logs into <paramref name="directory"/> (created if needed), step scalars every <paramref name="everySteps"/> steps.</summary>
        public TensorBoardLogger(string directory, int everySteps = 1)
        {
            if (everySteps < 1) throw new ArgumentOutOfRangeException(nameof(everySteps), everySteps, "log at least every step count of 1");
            writer = torch.utils.tensorboard.SummaryWriter(directory);
            every = everySteps;
            Directory = writer.LogDir;
        }

        /// <summary>Where the event files go.</summary>
        public string Directory { get; }

        /// <inheritdoc/>
        public override void StepFinished(StepProgress progress)
        {
            if (progress.GlobalStep % every != 0) return;
            Scalar("train/loss", progress.Loss, progress.GlobalStep);
            Scalar("train/lr", progress.LearningRate, progress.GlobalStep);
        }

        /// <inheritdoc/>
        public override void EpochFinished(EpochMetrics m, int epochs)
        {
            string metric = MetricsLog.ColumnName(m.MetricName);
            Scalar("epoch/train_loss", m.TrainLoss, m.Step);
            Scalar("epoch/" + m.EvaluatedSplit + "_loss", m.TestLoss, m.Step);
            Scalar("epoch/train_" + metric, m.TrainMetric, m.Step);
            Scalar("epoch/" + m.EvaluatedSplit + "_" + metric, m.TestMetric, m.Step);
            foreach (var (key, value) in m.Details ?? new System.Collections.Generic.Dictionary<string, double>())
                Scalar("epoch/" + m.EvaluatedSplit + "_" + MetricsLog.ColumnName(key), value, m.Step);
            foreach (var (key, value) in m.Custom ?? new System.Collections.Generic.Dictionary<string, double>())
                Scalar("epoch/" + key, value, m.Step);
        }

        void Scalar(string tag, double value, long step)
        {
            if (!double.IsFinite(value)) return;
            writer.add_scalar(tag, (float)value, checked((int)step), // TensorBoard reads wall time as Unix seconds (this TorchSharp would write DateTime ticks by default).
                walltime: DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }
    }
}
