using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>Several observers heard in order (progress, loggers, user callbacks) as one.</summary>
    public sealed class ObserverList : ITrainingObserver
    {
        readonly ITrainingObserver[] observers;

        /// <summary>The observers, in the order they are called; nulls are skipped.</summary>
        public ObserverList(IEnumerable<ITrainingObserver?> observers) => this.observers = observers.Where(o => o != null).Select(o => o!).ToArray();

        /// <summary>The observers, in the order they are called; nulls are skipped.</summary>
        public ObserverList(params ITrainingObserver?[] observers) : this((IEnumerable<ITrainingObserver?>)observers) { }

        /// <inheritdoc/>
        public void TrainingStarting(TrainingContext run) { foreach (var o in observers) o.TrainingStarting(run); }

        /// <inheritdoc/>
        public void EpochStarting(int epoch, int epochs, int steps, int skipped) { foreach (var o in observers) o.EpochStarting(epoch, epochs, steps, skipped); }

        /// <inheritdoc/>
        public void BatchFinished(BatchContext batch) { foreach (var o in observers) o.BatchFinished(batch); }

        /// <inheritdoc/>
        public void StepFinished(StepProgress progress) { foreach (var o in observers) o.StepFinished(progress); }

        /// <inheritdoc/>
        public void EpochEnding(EpochContext epoch) { foreach (var o in observers) o.EpochEnding(epoch); }

        /// <inheritdoc/>
        public void EpochFinished(EpochMetrics metrics, int epochs) { foreach (var o in observers) o.EpochFinished(metrics, epochs); }

        /// <inheritdoc/>
        public void TrainingFinished(TrainingResult result) { foreach (var o in observers) o.TrainingFinished(result); }
    }
}
