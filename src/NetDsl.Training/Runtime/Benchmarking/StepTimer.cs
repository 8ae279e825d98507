using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace NetDsl.Runtime.Benchmarking
{
    /// <summary>
    /// Times several variants of one step in alternation: warm-up rounds, then rounds that run every variant once,
    /// rotating which goes first. On a shared machine, drift (other processes, clocks) hits all variants of a round
    /// alike, so per-round ratios to the baseline (variant 0) are far steadier than two back-to-back runs.
    /// </summary>
    internal static class StepTimer
    {
        public static IReadOnlyList<VariantTiming> Run(IReadOnlyList<(string Name, Action Step)> variants, int warmup, int rounds)
        {
            if (variants.Count == 0 || rounds < 1) throw new ArgumentException("need at least one variant and one round");
            for (int r = 0; r < warmup; r++) foreach (var (_, step) in variants) step();
            var times = variants.Select(_ => new double[rounds]).ToArray();
            for (int r = 0; r < rounds; r++)
                for (int k = 0; k < variants.Count; k++)
                {
                    int v = (r + k) % variants.Count;
                    var watch = Stopwatch.StartNew();
                    variants[v].Step();
                    times[v][r] = watch.Elapsed.TotalMilliseconds;
                }
            return variants.Select((v, i) => new VariantTiming(v.Name, Median(times[i]),
                Median(times[i].Zip(times[0], (t, b) => t / b).ToArray()))).ToList();
        }

        public static double Median(double[] values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    /// <summary>One variant's median step time and the median of its per-round ratios to the baseline's time.</summary>
    public sealed record VariantTiming(string Name, double MedianMs, double RatioToBaseline);
}
