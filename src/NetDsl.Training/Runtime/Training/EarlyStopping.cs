using System.Collections.Generic;
using System.Globalization;

namespace NetDsl.Runtime.Training
{
    /// <summary>What early stopping, <c>best.bin</c> and <see cref="TrainerOptions.RestoreBestWeights"/> call the best epoch by.</summary>
    public enum StopMonitor
    {
        /// <summary>The task's test metric, higher is better (accuracy, mIoU, PSNR, mAP@0.5): the default.</summary>
        Metric,
        /// <summary>The test loss, lower is better (Keras's <c>monitor="val_loss"</c>).</summary>
        Loss,
    }

    /// <summary>
    /// Tracks the best epoch by the monitored test value (<see cref="StopMonitor"/>) and says when <c>patience</c> epochs
    /// have passed without beating it. Built from the history, so a resumed run counts as the original did.
    /// </summary>
    sealed class EarlyStopping
    {
        readonly int? patience;
        readonly StopMonitor monitor;
        double best = double.NaN;
        int lastEpoch;
        /// <summary>The epoch patience counts from when it is later than the best one (a resumed run that had stopped early).</summary>
        int restartedAt;
        /// <summary>The split the best epoch was judged on (<see cref="EpochMetrics.EvaluatedSplit"/>), in messages.</summary>
        string split = "test";

        public EarlyStopping(int? patience, StopMonitor monitor, IEnumerable<EpochMetrics> history)
        {
            this.patience = patience;
            this.monitor = monitor;
            foreach (var m in history) Add(m);
        }

        public int BestEpoch { get; private set; }

        /// <summary>The best epoch's monitored value; NaN before any epoch.</summary>
        public double Best => best;

        public bool ShouldStop => patience is int p && lastEpoch - System.Math.Max(BestEpoch, restartedAt) >= p;

        /// <summary>Patience counts again from <paramref name="epoch"/> (resuming, with more epochs, a run that had stopped early); the best epoch stays.</summary>
        public void RestartAt(int epoch) => restartedAt = epoch;

        /// <summary>Whether <paramref name="metrics"/> became the best epoch.</summary>
        public bool Add(EpochMetrics metrics)
        {
            lastEpoch = metrics.Epoch;
            double value = Value(metrics);
            bool better = !double.IsNaN(value) && (double.IsNaN(best) || (monitor == StopMonitor.Loss ? value < best : value > best));
            if (!better) return false;
            best = value;
            BestEpoch = metrics.Epoch;
            split = metrics.EvaluatedSplit;
            return true;
        }

        double Value(EpochMetrics m) => monitor == StopMonitor.Loss ? m.TestLoss : m.TestMetric;

        /// <summary>"test accuracy" or "test loss": what is monitored, in messages.</summary>
        public static string Watched(StopMonitor monitor, string metricName, string split = "test") => monitor == StopMonitor.Loss ? split + " loss" : split + " " + metricName;

        /// <summary>"best epoch 3: test accuracy 0.9000"; null before any epoch.</summary>
        public string? DescribeBest(string metricName) => BestEpoch == 0 ? null
            : $"best epoch {BestEpoch}: {Watched(monitor, metricName, split)} {(double.IsNaN(best) ? "-" : best.ToString("F4", CultureInfo.InvariantCulture))}";

        /// <summary>"stopped early: no better test accuracy for 2 epochs; best epoch 3: test accuracy 0.9000": the one message the library and the CLI give.</summary>
        public string DescribeStop(string metricName) =>
            $"stopped early: no better {Watched(monitor, metricName, split)} for {patience} epochs; {DescribeBest(metricName)}";
    }
}
