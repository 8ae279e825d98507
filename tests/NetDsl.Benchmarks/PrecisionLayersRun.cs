using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDsl.Runtime.Benchmarking;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--precision-layers [SIZE [ROUNDS]]</c>: where bf16-mixed pays in a ResNet-18 training step at a SIZExSIZE input
    /// (default 32, the zoo card's). For each stage's 3x3 convolution (64 channels at SIZE/4 down to 512 at SIZE/32,
    /// batch 32) it times forward + backward of the convolution alone, its BatchNorm alone, and conv + BatchNorm + ReLU,
    /// each in fp32 and under <see cref="Precision.Bf16Mixed"/> through <see cref="Compute"/> (what generated forwards
    /// call: weights cast per call, <see cref="SafeConvolution"/> where the host needs it), alternating every variant in
    /// each round (<see cref="StepTimer"/>), and prints bf16/fp32 per layer.
    /// </summary>
    public static class PrecisionLayersRun
    {
        const int Batch = 32;
        static readonly int[] StageChannels = { 64, 128, 256, 512 };

        public static int Run(int size, int rounds, TextWriter output)
        {
            manual_seed(0);
            var bf16 = ComputeMode.For(Precision.Bf16Mixed);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "ResNet-18 stage layers at a 3x{0}x{0} input, batch {1}, forward+backward, {2} threads, {3}; ratio = bf16-mixed / fp32 (median of rounds)",
                size, Batch, get_num_threads(), SafeConvolution.Active ? "SafeConvolution on (this host failed the kernel probe)" : "plain kernels"));
            for (int stage = 0; stage < StageChannels.Length; stage++)
            {
                int channels = StageChannels[stage], spatial = Math.Max(1, size / (4 << stage));
                using var conv = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
                using var norm = nn.BatchNorm2d(channels);
                // Leaves that need a gradient, as a layer's input inside a network does; bf16 as a bf16 convolution hands it on.
                using var input = randn(Batch, channels, spatial, spatial).requires_grad_(true);
                using var input16 = input.detach().to(ScalarType.BFloat16).requires_grad_(true);
                Action Step(ComputeMode? mode, bool withConv, bool withNorm) => () =>
                {
                    using var scope = NewDisposeScope();
                    conv.zero_grad();
                    norm.zero_grad();
                    input.grad?.zero_();
                    input16.grad?.zero_();
                    using (Compute.Use(mode))
                    {
                        var x = mode == null ? input : input16;
                        if (withConv) x = Compute.Conv(conv, x);
                        if (withNorm) x = nn.functional.relu(Compute.BatchNorm(norm, x));
                        Compute.Fp32(x).sum().backward();
                    }
                };
                var timings = StepTimer.Run(new List<(string, Action)>
                {
                    ("conv fp32", Step(null, true, false)),
                    ("conv bf16", Step(bf16, true, false)),
                    ("bn+relu fp32", Step(null, false, true)),
                    ("bn+relu bf16", Step(bf16, false, true)),
                    ("conv+bn+relu fp32", Step(null, true, true)),
                    ("conv+bn+relu bf16", Step(bf16, true, true)),
                }, warmup: 3, rounds);
                output.Write(string.Format(CultureInfo.InvariantCulture, "  {0,3}x{1}x{1}:", channels, spatial));
                for (int i = 0; i < timings.Count; i += 2)
                    output.Write(string.Format(CultureInfo.InvariantCulture, "  {0} {1:F2} → {2:F2} ms ({3:F2})",
                        timings[i].Name[..^5], timings[i].MedianMs, timings[i + 1].MedianMs, timings[i + 1].MedianMs / timings[i].MedianMs));
                output.WriteLine();
            }
            return 0;
        }
    }
}
