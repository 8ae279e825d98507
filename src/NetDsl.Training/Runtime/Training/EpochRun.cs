using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// The running sums of one training epoch; a mid-epoch checkpoint saves them (with torch's generator
    /// state) so the resumed epoch reports exactly what an uninterrupted one would.
    /// </summary>
    sealed class EpochRun(IMetricAccumulator metric)
    {
        public IMetricAccumulator Metric => metric;
        public int StepInEpoch { get; private set; }
        public double LossSum { get; private set; }
        public long Seen { get; private set; }

        /// <summary>Samples already counted when this process took the epoch over (for images/s).</summary>
        public long SeenAtStart { get; private set; }

        public double MeanLoss => Seen == 0 ? 0 : LossSum / Seen;

        public void Add(Tensor output, Tensor images, Tensor targets, double loss)
        {
            metric.Add(output, images, targets);
            long n = images.shape[0];
            LossSum += loss * n;
            Seen += n;
            StepInEpoch++;
        }

        public void ResumeFrom(ResumePoint point)
        {
            (StepInEpoch, LossSum, Seen, SeenAtStart) = (point.StepInEpoch, point.LossSum, point.Seen, point.Seen);
            metric.Restore(point.TrainMetric);
            if (point.RandomState.Length == 0) return;
            using var state = tensor(point.RandomState);
            random.set_rng_state(state);
        }

        public ResumePoint Position(IOptimizer optimizer)
        {
            using var state = random.get_rng_state();
            return new ResumePoint(StepInEpoch, LossSum, Seen, metric.Save(), optimizer.Kind, optimizer.StepCount, state.bytes.ToArray());
        }
    }
}
