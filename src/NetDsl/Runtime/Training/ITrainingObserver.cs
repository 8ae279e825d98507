namespace NetDsl.Runtime.Training
{
    /// <summary>Hears about a run's progress (progress bars, logs); every method may be a no-op.</summary>
    public interface ITrainingObserver
    {
        /// <summary>Epoch numbers are one-based.</summary>
        void EpochStarting(int epoch, int epochs, int steps);

        /// <summary>After each optimizer step, with the epoch's mean training loss so far.</summary>
        void StepFinished(int epoch, int step, double meanLoss);

        void EpochFinished(EpochMetrics metrics, int epochs);
    }

    /// <summary>An observer that ignores everything.</summary>
    public sealed class SilentObserver : ITrainingObserver
    {
        public static SilentObserver Instance { get; } = new SilentObserver();
        public void EpochStarting(int epoch, int epochs, int steps) { }
        public void StepFinished(int epoch, int step, double meanLoss) { }
        public void EpochFinished(EpochMetrics metrics, int epochs) { }
    }
}
