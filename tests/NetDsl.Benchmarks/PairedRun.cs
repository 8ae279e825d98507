using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--paired N</c>: runs the two ResNet-18 training steps alternately, N pairs after warm-up, and
    /// reports the median of the per-pair time ratios. Alternating cancels the drift (other processes,
    /// clocks, allocator state) that makes two back-to-back BenchmarkDotNet runs on a shared 2-core
    /// machine differ by ±10%.
    /// </summary>
    public static class PairedRun
    {
        public static int Run(int pairs, TextWriter output)
        {
            var bench = new ResNet18TrainingStep();
            bench.Setup();
            try
            {
                for (int i = 0; i < 3; i++) { bench.HandWritten(); bench.Generated(); }
                var hand = new double[pairs];
                var generated = new double[pairs];
                for (int i = 0; i < pairs; i++)
                {
                    bool handFirst = i % 2 == 0;   // alternate which goes first, too
                    if (handFirst) { hand[i] = Time(() => bench.HandWritten()); generated[i] = Time(() => bench.Generated()); }
                    else { generated[i] = Time(() => bench.Generated()); hand[i] = Time(() => bench.HandWritten()); }
                }
                var ratios = generated.Zip(hand, (g, h) => g / h).ToArray();
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "ResNet-18 training step, batch {0}, 3x{1}x{1}, {2} alternating pairs: hand-written median {3:F1} ms, generated median {4:F1} ms, ratio generated/hand-written median {5:F3} (IQR {6:F3}–{7:F3})",
                    ResNet18TrainingStep.Batch, ResNet18TrainingStep.Size, pairs, Median(hand), Median(generated), Median(ratios),
                    Quantile(ratios, 0.25), Quantile(ratios, 0.75)));
                return 0;
            }
            finally
            {
                bench.Cleanup();
            }
        }

        static double Time(Action step)
        {
            var watch = Stopwatch.StartNew();
            step();
            return watch.Elapsed.TotalMilliseconds;
        }

        static double Median(double[] values) => Quantile(values, 0.5);

        static double Quantile(double[] values, double q)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            double at = q * (sorted.Length - 1);
            int lo = (int)Math.Floor(at), hi = (int)Math.Ceiling(at);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
        }
    }
}
