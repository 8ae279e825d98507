using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Whether this machine's libtorch convolutions are right for channel counts off a multiple of 16. On a Zen 5 VM
    /// (AVX-512 with <c>avx512_vp2intersect</c>) libtorch 2.10's oneDNN kernels (TorchSharp 0.107) were wrong there,
    /// varying from run to run: fp32 input gradients 20–50% off whenever the output count was (x→8, x→6, x→24), fp32
    /// outputs when the input count was above 16 (24→x), bf16 outputs when the output count was, bf16 input gradients
    /// when either was (or NaN); weight gradients, 1x1, depthwise and full 16-channel blocks were right, and so was
    /// everything on the Zen 4 VM before it. Capping oneDNN at AVX2 (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>) moved the fault to
    /// counts off a multiple of 8 and halved the speed. A probe (two tiny convolutions against an unfold-and-matmul
    /// reference, deterministic inputs, the global generator left alone) decides once per process; where it fails,
    /// <see cref="Compute"/> routes convolutions through <see cref="SafeConvolution"/>: it zero-pads their channels to full blocks of 16,
    /// which gives the exact result through the kernels that are right, and keeps convolutions in NCHW storage
    /// (channels-last ones went wrong in whole networks there). The probe runs three times and keeps the worst error:
    /// a single run passed now and then on that machine.
    /// </summary>
    public static class ConvKernelCheck
    {
        static readonly Lazy<(double Fp32, double Bf16)> errors = new(Probe);

        /// <summary>The probe's errors relative to the reference: fp32 input gradient of a 16→8 convolution, bf16 output of an 8→8 one.</summary>
        public static (double Fp32InputGradient, double Bf16Output) ProbeErrors => errors.Value;

        /// <summary>Whether this machine's convolutions are wrong off full 16-channel blocks (either probe above 5%, or NaN).</summary>
        public static bool HostIsFaulty => !(errors.Value.Fp32 < 0.05) || !(errors.Value.Bf16 < 0.05);

        /// <summary>The probe's result in words, for logs and skipped tests.</summary>
        public static string Describe() => string.Format(CultureInfo.InvariantCulture,
            "convolution probe: fp32 input gradient {0:P1} off, bf16 output {1:P1} off (bf16 rounding ~0.5%)", errors.Value.Fp32, errors.Value.Bf16);

        const int Rounds = 3;

        static (double, double) Probe()
        {
            double fp32 = 0, bf16 = 0;
            for (int round = 0; round < Rounds; round++)
            {
                var (f, b) = ProbeOnce();
                fp32 = Worst(fp32, f);
                bf16 = Worst(bf16, b);
            }
            return (fp32, bf16);
        }

        static double Worst(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

        static (double, double) ProbeOnce()
        {
            using var scope = NewDisposeScope();
            using var gradients = enable_grad();   // the first convolution may well run under no_grad (an evaluation)
            var padding = new long[] { 1, 1 };
            // fp32: the input gradient of a 16→8 3x3 convolution, against unfold + matmul (no convolution kernel).
            using var held = new ScalarScope();
            var x = arange(held[2 * 16 * 8 * 8], dtype: ScalarType.Float32).mul(held[0.37]).sin().reshape(2, 16, 8, 8);
            var w = arange(held[8 * 16 * 3 * 3], dtype: ScalarType.Float32).mul(held[0.53]).cos().mul(held[0.2]).reshape(8, 16, 3, 3);
            var upstream = arange(held[2 * 8 * 8 * 8], dtype: ScalarType.Float32).mul(held[0.71]).sin().reshape(2, 8, 8, 8);
            var xa = x.clone().requires_grad_(true);
            nn.functional.conv2d(xa, w, null, null, padding).mul(upstream).sum().backward();
            var xb = x.clone().requires_grad_(true);
            w.reshape(8, 16 * 9).matmul(nn.functional.unfold(xb, 3, padding: 1)).reshape(2, 8, 8, 8).mul(upstream).sum().backward();
            double fp32 = Relative(xa.grad!, xb.grad!);
            // bf16: the output of an 8→8 3x3 convolution, against the same in fp32 from the bf16-rounded values.
            using var noGrad = no_grad();
            var x8 = x.narrow(1, 0, 8).to(ScalarType.BFloat16);
            var w8 = w.narrow(1, 0, 8).to(ScalarType.BFloat16);
            var low = nn.functional.conv2d(x8, w8, null, null, padding).to(ScalarType.Float32);
            var reference = w8.to(ScalarType.Float32).reshape(8, 8 * 9).matmul(nn.functional.unfold(x8.to(ScalarType.Float32), 3, padding: 1)).reshape(2, 8, 8, 8);
            return (fp32, Relative(low, reference));
        }

        static double Relative(Tensor actual, Tensor expected) =>
            actual.sub(expected).abs().max().item<float>() / Math.Max(1e-6, expected.abs().max().item<float>());
    }
}
