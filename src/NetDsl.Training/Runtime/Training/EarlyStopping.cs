using System.Collections.Generic;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Tracks the best test metric (higher is better for every task) and says when <c>patience</c> epochs
    /// have passed without beating it. Built from the history, so a resumed run counts as the original did.
    /// </summary>
    sealed class EarlyStopping
    {
        readonly int? patience;
        double best = double.NegativeInfinity;
        int lastEpoch;

        public EarlyStopping(int? patience, IEnumerable<EpochMetrics> history)
        {
            this.patience = patience;
            foreach (var m in history) Add(m);
        }

        public int BestEpoch { get; private set; }

        public bool ShouldStop => patience is int p && lastEpoch - BestEpoch >= p;

        public void Add(EpochMetrics metrics)
        {
            lastEpoch = metrics.Epoch;
            if (metrics.TestMetric > best)
            {
                best = metrics.TestMetric;
                BestEpoch = metrics.Epoch;
            }
        }
    }
}
