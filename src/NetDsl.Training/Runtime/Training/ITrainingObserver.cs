namespace NetDsl.Runtime.Training
{
    /// <summary>One finished optimizer step: position, the epoch's mean loss so far, throughput and rate.</summary>
    public sealed record StepProgress(int Epoch, int Step, int Steps, long GlobalStep, double MeanLoss, double ImagesPerSecond, double LearningRate);

    /// <summary>Hears about a run's progress (progress bars, logs); every method may be a no-op.</summary>
    public interface ITrainingObserver
    {
        /// <summary>Epoch numbers are one-based; a resumed epoch starts after <paramref name="skipped"/> steps.</summary>
        void EpochStarting(int epoch, int epochs, int steps, int skipped);

        /// <summary>After each optimizer step.</summary>
        void StepFinished(StepProgress progress);

        void EpochFinished(EpochMetrics metrics, int epochs);
    }

    /// <summary>An observer that ignores everything.</summary>
    public sealed class SilentObserver : ITrainingObserver
    {
        public static SilentObserver Instance { get; } = new SilentObserver();
        public void EpochStarting(int epoch, int epochs, int steps, int skipped) { }
        public void StepFinished(StepProgress progress) { }
        public void EpochFinished(EpochMetrics metrics, int epochs) { }
    }
}
