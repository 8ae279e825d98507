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
        /// <summary>
        /// True when <see cref="TestLoss"/>, <see cref="TestMetric"/> and <see cref="Details"/> are the validation split's
        /// (<see cref="TrainerOptions.ValidationFraction"/>), not the test split's; logs then name them <c>val_…</c>.
        /// </summary>
        public bool Validated { get; init; }

        /// <summary>The split the epoch's evaluation read, as logs prefix it: <c>val</c> or <c>test</c>.</summary>
        public string EvaluatedSplit => Validated ? "val" : "test";

        /// <summary>Metrics observers added in <see cref="ITrainingObserver.EpochEnding"/>, by name (null when none).</summary>
        public IReadOnlyDictionary<string, double>? Custom { get; init; }

        /// <summary>The members as the record prints them, with <see cref="Details"/> and <see cref="Custom"/> as <c>{ top5 = 0.98 }</c> rather than their type's name.</summary>
        bool PrintMembers(System.Text.StringBuilder builder)
        {
            var c = System.Globalization.CultureInfo.InvariantCulture;
            builder.Append(c, $"Epoch = {Epoch}, Step = {Step}, LearningRate = {LearningRate}, TrainLoss = {TrainLoss}, TrainMetric = {TrainMetric}, ");
            builder.Append(c, $"TestLoss = {TestLoss}, TestMetric = {TestMetric}, Seconds = {Seconds}, MetricName = {MetricName}");
            builder.Append(", Details = ").Append(Pairs(Details)).Append(", Custom = ").Append(Pairs(Custom));
            return true;
        }

        static string Pairs(IReadOnlyDictionary<string, double>? values) => values == null ? "null"
            : "{ " + string.Join(", ", System.Linq.Enumerable.Select(values, p => p.Key + " = " + p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))) + " }";
    }

    /// <summary>The outcome of <see cref="Trainer.Run"/>: every epoch so far (resumed ones included).</summary>
    public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, int ResumedFromEpoch, EvaluationResult Test)
    {
        /// <summary>
        /// The test metric of the weights the model holds at the end (<see cref="EvaluationResult.MetricName"/> says which): the last
        /// epoch's, which is not the best epoch's when the run went past it (early stopping waits <see cref="TrainerOptions.Patience"/>
        /// epochs after the best). <see cref="BestEpoch"/> and <see cref="BestSummary"/> name the best; with
        /// <see cref="TrainerOptions.RestoreBestWeights"/> the model ends with the best epoch's weights and this is their metric.
        /// </summary>
        public double TestMetric => Test.Metric;

        /// <summary>The run stopped before its last epoch because the monitored test value stopped improving (<see cref="TrainerOptions.Patience"/>); <see cref="StopReason"/> says so.</summary>
        public bool StoppedEarly { get; init; }

        /// <summary>The best epoch by <see cref="TrainerOptions.Monitor"/> (the test metric by default), whose weights <c>best.bin</c> holds; 0 when none was.</summary>
        public int BestEpoch { get; init; }

        /// <summary>"best epoch 3: test accuracy 0.9000" (or "test loss …" with <see cref="StopMonitor.Loss"/>); null when no epoch finished.</summary>
        public string? BestSummary { get; init; }

        /// <summary>
        /// Why the run stopped before its last epoch: an observer's reason (<see cref="TrainingContext.Stop"/>), or early stopping's
        /// "stopped early: no better test accuracy for 2 epochs; best epoch 3: test accuracy 0.9000" (what the CLI prints too); null when it ran every epoch.
        /// </summary>
        public string? StopReason { get; init; }

        /// <summary>
        /// Whether epochs were evaluated on a validation split (<see cref="TrainerOptions.ValidationFraction"/>): the best epoch and
        /// early stopping followed it, and <see cref="Test"/> is the test split scored once, at the end, on the weights the run left.
        /// </summary>
        public bool Validated { get; init; }

        /// <summary>Optimizer steps taken over the whole run.</summary>
        public long Steps { get; init; }

        /// <summary>
        /// Why <c>best.bin</c> does not hold the best epoch's weights: it was found damaged when the run resumed and no later epoch
        /// scored better, so it was never rewritten ("…/best.bin: truncated checkpoint: …"); null when it holds them (or there is none).
        /// </summary>
        public string? BestCheckpointDamage { get; init; }

        /// <summary>The run's <see cref="TrainingContext.Warnings"/> (bf16-mixed emulated on this CPU); empty when none.</summary>
        public IReadOnlyList<string> Warnings { get; init; } = System.Array.Empty<string>();
    }
}
