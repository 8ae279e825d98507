using System;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A learning rate as a pure function of the zero-based global step, so a resumed run needs only the step
    /// to continue the schedule exactly.
    /// </summary>
    internal interface ILearningRateSchedule
    {
        double At(long step);
    }

    /// <summary>The learning-rate schedules.</summary>
    public enum ScheduleKind
    {
        /// <summary>Cosine decay to zero over the run, after any warm-up.</summary>
        Cosine,
        /// <summary>Divide by ten at fixed fractions of the run.</summary>
        Step,
        /// <summary>One cycle: up to the peak rate, then annealed far below it.</summary>
        OneCycle,
    }

    /// <summary>Linear warm-up to the base rate, then cosine decay to zero over the remaining steps.</summary>
    internal sealed class LearningRateSchedule : ILearningRateSchedule
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

        /// <summary>The schedule of <paramref name="kind"/> over <paramref name="totalSteps"/>.</summary>
        public static ILearningRateSchedule Create(ScheduleKind kind, double baseRate, long totalSteps, long warmupSteps) => kind switch
        {
            ScheduleKind.Step => new StepSchedule(baseRate, totalSteps, warmupSteps),
            ScheduleKind.OneCycle => new OneCycleSchedule(baseRate, totalSteps),
            _ => new LearningRateSchedule(baseRate, totalSteps, warmupSteps),
        };

        /// <summary>Rate for zero-based step <paramref name="step"/>.</summary>
        public double At(long step)
        {
            if (step < WarmupSteps) return Warmup(BaseRate, step, WarmupSteps);
            double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
            return BaseRate * 0.5 * (1.0 + Math.Cos(Math.PI * Math.Min(1.0, progress)));
        }

        internal static double Warmup(double rate, long step, long warmupSteps) => rate * (step + 1) / (warmupSteps + 1);
    }

    /// <summary>Linear warm-up, then the base rate divided by 10 at half and again at three quarters of the run.</summary>
    internal sealed class StepSchedule : ILearningRateSchedule
    {
        readonly double baseRate, gamma;
        readonly long totalSteps, warmupSteps;

        public StepSchedule(double baseRate, long totalSteps, long warmupSteps, double gamma = 0.1)
        {
            this.baseRate = baseRate;
            this.totalSteps = Math.Max(1, totalSteps);
            this.warmupSteps = Math.Clamp(warmupSteps, 0, this.totalSteps - 1);
            this.gamma = gamma;
        }

        public double At(long step)
        {
            if (step < warmupSteps) return LearningRateSchedule.Warmup(baseRate, step, warmupSteps);
            int drops = (step >= totalSteps / 2 ? 1 : 0) + (step >= totalSteps * 3 / 4 ? 1 : 0);
            return baseRate * Math.Pow(gamma, drops);
        }
    }

    /// <summary>
    /// Smith's one-cycle policy as PyTorch's OneCycleLR (cosine): from max/25 up to the max rate over the
    /// first 30% of steps, then down to max/(25·10⁴).
    /// </summary>
    internal sealed class OneCycleSchedule : ILearningRateSchedule
    {
        const double StartDivisor = 25, FinalDivisor = 1e4, RisingFraction = 0.3;
        readonly double maxRate;
        readonly long totalSteps, peakStep;

        public OneCycleSchedule(double maxRate, long totalSteps)
        {
            this.maxRate = maxRate;
            this.totalSteps = Math.Max(2, totalSteps);
            peakStep = Math.Max(1, (long)(RisingFraction * this.totalSteps) - 1);
        }

        public double At(long step)
        {
            double start = maxRate / StartDivisor, end = start / FinalDivisor;
            if (step <= peakStep) return Anneal(start, maxRate, (double)step / peakStep);
            return Anneal(maxRate, end, Math.Min(1.0, (double)(step - peakStep) / Math.Max(1, totalSteps - 1 - peakStep)));
        }

        static double Anneal(double from, double to, double progress) => to + (from - to) / 2 * (1 + Math.Cos(Math.PI * progress));
    }
}
