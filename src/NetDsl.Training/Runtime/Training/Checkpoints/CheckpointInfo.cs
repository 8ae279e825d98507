using System;
using System.Collections.Generic;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Everything about a checkpoint except the tensors: enough to continue a run exactly. <see cref="Epoch"/>
    /// counts finished epochs; <see cref="Position"/> says how far into the next one the run had got.
    /// </summary>
    public sealed record CheckpointInfo(string ModelName, string Input, int Epoch, long Step, int Seed, IReadOnlyList<EpochMetrics> History)
    {
        /// <summary>Null in checkpoints written before mid-epoch resume existed (format 1).</summary>
        public ResumePoint? Position { get; init; }

        /// <summary>How the run was started (data, batch, rate, schedule, epochs); null before format 3.</summary>
        public RunSettings? Settings { get; init; }
    }

    /// <summary>
    /// Where inside an epoch a checkpoint was taken and the running sums that epoch's metrics need, plus the
    /// optimizer's kind and step count and torch's CPU generator state (dropout and other draws continue
    /// exactly where they were).
    /// </summary>
    public sealed record ResumePoint(
        int StepInEpoch,
        double LossSum,
        long Seen,
        double[] TrainMetric,
        string Optimizer,
        long OptimizerSteps,
        byte[] RandomState)
    {
        /// <summary>The position after a whole epoch: nothing to skip when resuming.</summary>
        public static ResumePoint AtEpochEnd(string optimizer, long optimizerSteps) =>
            new ResumePoint(0, 0, 0, Array.Empty<double>(), optimizer, optimizerSteps, Array.Empty<byte>());

        /// <summary>fp16-mixed's loss scale when the checkpoint was taken (null in other precisions and older checkpoints).</summary>
        public LossScaleState? LossScale { get; init; }
    }
}
