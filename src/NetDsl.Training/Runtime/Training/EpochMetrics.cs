using System.Collections.Generic;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// What one epoch achieved: training loss and headline metric over its batches, then test loss and metric.
    /// The metric is the task's (<see cref="MetricName"/>: accuracy, mIoU, PSNR, mAP@0.5). <see cref="Details"/> holds the
    /// secondary test metrics (top-5, pixel accuracy, per-class IoU or AP).
    /// </summary>
    public sealed record EpochMetrics(
        int Epoch,
        long Step,
        double LearningRate,
        double TrainLoss,
        double TrainMetric,
        double TestLoss,
        double TestMetric,
        double Seconds,
        string MetricName = "accuracy",
        IReadOnlyDictionary<string, double>? Details = null)
    {
        /// <summary>Metrics observers added in <see cref="ITrainingObserver.EpochEnding"/>, by name (null when none).</summary>
        public IReadOnlyDictionary<string, double>? Custom { get; init; }
    }

    /// <summary>The outcome of <see cref="Trainer.Run"/>: every epoch so far (resumed ones included).</summary>
    public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, int ResumedFromEpoch, EvaluationResult Test)
    {
        /// <summary>The final test metric (<see cref="EvaluationResult.MetricName"/> says which).</summary>
        public double TestMetric => Test.Metric;

        /// <summary>The run stopped before its last epoch because the test metric stopped improving.</summary>
        public bool StoppedEarly { get; init; }

        /// <summary>The epoch with the best test metric, whose weights <c>best.bin</c> holds.</summary>
        public int BestEpoch { get; init; }

        /// <summary>Why an observer stopped the run (<see cref="TrainingContext.Stop"/>); null when it was not stopped.</summary>
        public string? StopReason { get; init; }

        /// <summary>Optimizer steps taken over the whole run.</summary>
        public long Steps { get; init; }

        /// <summary>The run's <see cref="TrainingContext.Warnings"/> (bf16-mixed emulated on this CPU); empty when none.</summary>
        public IReadOnlyList<string> Warnings { get; init; } = System.Array.Empty<string>();
    }
}
