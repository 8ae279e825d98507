using System.Collections.Generic;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// What a model's output means (<see cref="ModelTask"/>): its loss, its metrics and how its targets are
    /// checked. One implementation per task, each in its own file.
    /// </summary>
    public interface ITrainingTask
    {
        /// <summary>The task this is (classification, segmentation, …).</summary>
        ModelTask Kind { get; }

        /// <summary>The headline metric, higher is better: accuracy, mIoU, PSNR, mAP@0.5 or proposal AP@0.5.</summary>
        string MetricName { get; }

        /// <summary>Mean loss over the batch. Reconstruction compares <paramref name="output"/> with <paramref name="images"/>.</summary>
        Tensor Loss(Tensor output, Tensor images, Tensor targets);

        /// <summary>
        /// Throws <see cref="System.IO.InvalidDataException"/> naming <paramref name="where"/> and the sample's
        /// index when a target does not fit the output (a label beyond the model's classes, a wrong grid, a
        /// reconstruction of another size).
        /// </summary>
        void CheckTargets(Tensor output, Tensor images, Tensor targets, string where);

        /// <summary>
        /// A fresh metric accumulator: while <paramref name="training"/> a cheap one whose state a mid-epoch
        /// checkpoint can hold, else the full evaluation.
        /// </summary>
        IMetricAccumulator NewAccumulator(bool training);
    }

    /// <summary>Accumulates a metric over batches (no gradients needed).</summary>
    public interface IMetricAccumulator
    {
        /// <summary>Adds one batch: the model's output, the targets and the batch's loss.</summary>
        void Add(Tensor output, Tensor images, Tensor targets);

        /// <summary>The headline metric so far; NaN when this accumulator does not measure one.</summary>
        double Value { get; }

        /// <summary>Secondary metrics by name (top-5, pixel accuracy, per-class IoU…).</summary>
        IReadOnlyDictionary<string, double> Details { get; }

        /// <summary>Counts that reproduce this accumulator exactly (for mid-epoch checkpoints).</summary>
        double[] Save();

        /// <summary>Restores the state <c>Save</c> returned (a resumed epoch).</summary>
        void Restore(double[] state);
    }

    /// <summary>Options the tasks take.</summary>
    public sealed record TaskOptions(double LabelSmoothing = 0, int BoxesPerCell = 2, double CoordWeight = 5, double NoObjectWeight = 0.5)
    {
        /// <summary>Per-class weights of a classification or segmentation loss (<see cref="TrainerOptions.ClassWeights"/>); null: unweighted.</summary>
        public IReadOnlyList<double>? ClassWeights { get; init; }
    }

    internal static class TrainingTasks
    {
        public static ITrainingTask Create(ModelTask kind, TaskOptions? options = null)
        {
            options ??= new TaskOptions();
            return kind switch
            {
                ModelTask.Segmentation => new SegmentationTask(null, options.ClassWeights),
                ModelTask.Reconstruction => new ReconstructionTask(),
                ModelTask.Detection => new DetectionTask(options.BoxesPerCell, options.CoordWeight, options.NoObjectWeight),
                ModelTask.RegionProposal => new RegionProposalTask(),
                _ => new ClassificationTask(options.LabelSmoothing, options.ClassWeights),
            };
        }
    }

    /// <summary>An accumulator that measures nothing (detection's training metric: mAP needs the whole set).</summary>
    internal sealed class NoMetric : IMetricAccumulator
    {
        public void Add(Tensor output, Tensor images, Tensor targets) { }
        public double Value => double.NaN;
        public IReadOnlyDictionary<string, double> Details { get; } = new Dictionary<string, double>();
        public double[] Save() => System.Array.Empty<double>();
        public void Restore(double[] state) { }
    }
}
