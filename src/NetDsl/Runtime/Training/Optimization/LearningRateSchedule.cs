using System;

namespace NetDsl.Runtime.Training
{
    /// <summary>Linear warm-up to the base rate, then cosine decay to zero over the remaining steps.</summary>
    public sealed class LearningRateSchedule
    {
        public LearningRateSchedule(double baseRate, long totalSteps, long warmupSteps)
        {
            BaseRate = baseRate;
            TotalSteps = Math.Max(1, totalSteps);
            WarmupSteps = Math.Clamp(warmupSteps, 0, TotalSteps - 1);
        }

        public double BaseRate { get; }
        public long TotalSteps { get; }
        public long WarmupSteps { get; }

        /// <summary>The default warm-up: 3% of the run, at most 100 steps.</summary>
        public static long DefaultWarmup(long totalSteps) => Math.Min(100, totalSteps * 3 / 100);

        /// <summary>Rate for zero-based step <paramref name="step"/>.</summary>
        public double At(long step)
        {
            if (step < WarmupSteps) return BaseRate * (step + 1) / (WarmupSteps + 1);
            double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
            return BaseRate * 0.5 * (1.0 + Math.Cos(Math.PI * Math.Min(1.0, progress)));
        }
    }
}
