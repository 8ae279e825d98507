namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A base for callbacks (Keras' <c>Callback</c>, Lightning's <c>Callback</c>): every hook is a virtual no-op, so a
    /// callback overrides only what it needs. <c>run.Stop("reason")</c> ends training; <c>epoch.AddMetric</c> logs a metric.
    /// </summary>
    public abstract class TrainingCallback : ITrainingObserver
    {
        /// <inheritdoc/>
        public virtual void TrainingStarting(TrainingContext run) { }

        /// <inheritdoc/>
        public virtual void EpochStarting(int epoch, int epochs, int steps, int skipped) { }

        /// <inheritdoc/>
        public virtual void BatchFinished(BatchContext batch) { }

        /// <inheritdoc/>
        public virtual void StepFinished(StepProgress progress) { }

        /// <inheritdoc/>
        public virtual void EpochEnding(EpochContext epoch) { }

        /// <inheritdoc/>
        public virtual void EpochFinished(EpochMetrics metrics, int epochs) { }

        /// <inheritdoc/>
        public virtual void TrainingFinished(TrainingResult result) { }
    }
}
