namespace NetDsl.Runtime.Training
{
    /// <summary>One finished optimizer step: position, the step's loss, the epoch's mean loss so far, throughput and rate.</summary>
    public sealed record StepProgress(int Epoch, int Step, int Steps, long GlobalStep, double MeanLoss, double ImagesPerSecond, double LearningRate)
    {
        /// <summary>The loss of this step's batch alone.</summary>
        public double Loss { get; init; } = double.NaN;

        /// <summary>Seconds since the epoch (or its resumed part) started.</summary>
        public double Seconds { get; init; }
    }

    /// <summary>
    /// Hears about a run (progress bars, logs, callbacks). The three epoch/step methods are required; the
    /// others have empty defaults and give the richer contexts: <see cref="TrainingStarting"/> and
    /// <see cref="BatchFinished"/> read the model, optimizer and batch and can stop the run,
    /// <see cref="EpochEnding"/> adds metrics. Derive from <see cref="TrainingCallback"/> to override only what you need.
    /// </summary>
    public interface ITrainingObserver
    {
        /// <summary>Epoch numbers are one-based; a resumed epoch starts after <paramref name="skipped"/> steps.</summary>
        void EpochStarting(int epoch, int epochs, int steps, int skipped);

        /// <summary>After each optimizer step.</summary>
        void StepFinished(StepProgress progress);

        /// <summary>After an epoch's metrics are recorded (and its checkpoint written).</summary>
        void EpochFinished(EpochMetrics metrics, int epochs);

        /// <summary>Before the first step (after a resume restored the model and optimizer).</summary>
        void TrainingStarting(TrainingContext run) { }

        /// <summary>After each optimizer step, with the batch, output and loss (alive only during the call).</summary>
        void BatchFinished(BatchContext batch) { }

        /// <summary>After an epoch's test evaluation, before its metrics are recorded: the place to add metrics.</summary>
        void EpochEnding(EpochContext epoch) { }

        /// <summary>After the last epoch (or an early stop), with the result.</summary>
        void TrainingFinished(TrainingResult result) { }
    }

    /// <summary>An observer that ignores everything.</summary>
    public sealed class SilentObserver : ITrainingObserver
    {
        /// <summary>The one instance.</summary>
        public static SilentObserver Instance { get; } = new SilentObserver();

        /// <inheritdoc/>
        public void EpochStarting(int epoch, int epochs, int steps, int skipped) { }

        /// <inheritdoc/>
        public void StepFinished(StepProgress progress) { }

        /// <inheritdoc/>
        public void EpochFinished(EpochMetrics metrics, int epochs) { }
    }
}
