using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--deform [PAIRS]</c>: forward + backward of a modulated <see cref="DeformableConv2d"/> (its offset convolution
    /// included) against a plain <c>nn.Conv2d</c> of the same shape, alternately, PAIRS pairs after warm-up, for the
    /// 3x3 convolutions deform_resnet50 deforms (layer3 at 14x14, layer4 at 7x7 for a 224 input; batch 8), reporting
    /// the median per-pair time ratio. Alternating cancels the drift of a shared machine, as in <see cref="PairedRun"/>.
    /// </summary>
    public static class DeformableConvRun
    {
        static readonly (string Name, int Channels, int Size)[] Shapes = { ("layer3 3x3", 256, 14), ("layer4 3x3", 512, 7) };
        const int Batch = 8;

        public static int Run(int pairs, TextWriter output)
        {
            manual_seed(0);
            foreach (var (name, channels, size) in Shapes)
            {
                using var deformable = new DeformableConv2d(channels, channels, 3, padding: 1, bias: false, modulated: true);
                using var plain = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
                using (no_grad())
                    foreach (var p in deformable.Offset.parameters()) p.normal_(0, 0.01);   // real (non-zero) offsets, as after training
                using var input = randn(Batch, channels, size, size);
                for (int i = 0; i < 3; i++) { Step(deformable, input); Step(plain, input); }
                var deform = new double[pairs];
                var conv = new double[pairs];
                for (int i = 0; i < pairs; i++)
                {
                    if (i % 2 == 0) { deform[i] = Step(deformable, input); conv[i] = Step(plain, input); }
                    else { conv[i] = Step(plain, input); deform[i] = Step(deformable, input); }
                }
                var ratios = deform.Zip(conv, (d, c) => d / c).ToArray();
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "{0}: {1}x{2}x{2}, batch {3}, forward+backward, {4} alternating pairs, {5} threads: conv2d median {6:F1} ms, " +
                    "deformable (v2, with its offset conv) median {7:F1} ms, ratio median {8:F2} (IQR {9:F2}–{10:F2})",
                    name, channels, size, Batch, pairs, get_num_threads(), Quantile(conv, 0.5), Quantile(deform, 0.5),
                    Quantile(ratios, 0.5), Quantile(ratios, 0.25), Quantile(ratios, 0.75)));
            }
            return 0;
        }

        static double Step(nn.Module<Tensor, Tensor> layer, Tensor input)
        {
            var watch = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                layer.zero_grad();
                layer.call(input).sum().backward();
            }
            return watch.Elapsed.TotalMilliseconds;
        }

        static double Quantile(double[] values, double q)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            double at = q * (sorted.Length - 1);
            int lo = (int)Math.Floor(at), hi = (int)Math.Ceiling(at);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
        }
    }
}
