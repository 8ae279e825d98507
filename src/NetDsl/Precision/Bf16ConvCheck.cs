using System;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Whether this CPU's bf16 convolutions give right answers. On a Zen 5 host (AVX-512 with <c>avx512_vp2intersect</c>)
    /// libtorch 2.10's CPU bf16 convolution (TorchSharp 0.107) returned values 10–90% off, or NaN, for dense
    /// convolutions with a channel count off a multiple of 16 (the forward when the output count is, the input gradient
    /// when either is), and mixed-precision training there still went to NaN with every convolution moved to fp32; on
    /// the Zen 4 host before it every check passed. A tiny probe (a 3x3 convolution, 8 channels in and out, on
    /// deterministic inputs; the global generator is left alone) decides once per process, and
    /// <see cref="PrecisionSupport.Require"/> warns where it fails.
    /// </summary>
    public static class Bf16ConvCheck
    {
        static readonly Lazy<double> probeError = new(Probe);

        /// <summary>Largest error of the probe's bf16 convolution relative to its largest fp32 value (bf16 rounding: ~0.005).</summary>
        public static double ProbeError => probeError.Value;

        /// <summary>Whether this CPU's bf16 convolution is wrong (probe error above 0.05, or NaN).</summary>
        public static bool CpuIsFaulty => !(ProbeError < 0.05);

        static double Probe()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = arange(2 * 8 * 8 * 8, dtype: ScalarType.Float32).mul(0.37).sin().reshape(2, 8, 8, 8);
            var w = arange(8 * 8 * 3 * 3, dtype: ScalarType.Float32).mul(0.53).cos().mul(0.2).reshape(8, 8, 3, 3);
            var padding = new long[] { 1, 1 };
            var reference = nn.functional.conv2d(x, w, null, null, padding);
            var low = nn.functional.conv2d(x.to(ScalarType.BFloat16), w.to(ScalarType.BFloat16), null, null, padding).to(ScalarType.Float32);
            return low.sub(reference).abs().max().item<float>() / Math.Max(1e-6, reference.abs().max().item<float>());
        }
    }
}
