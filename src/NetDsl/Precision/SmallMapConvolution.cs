using System.Collections.Generic;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace NetDsl
{
    /// <summary>
    /// bf16 convolutions with small output maps (at most <see cref="MaxPositions"/> positions per image) whose weight
    /// gradient is computed as one GEMM instead of by oneDNN's convolution kernel. On AVX512-BF16 CPUs oneDNN 3.7's
    /// <c>jit_bf16</c> backward-weights kernel is slow there: ResNet-18's 512→512 3x3 convolution at 2x2, batch 32, took
    /// 5–16 ms against 0.6 ms for its forward and 0.8 ms for its input gradient (and 4.3 ms for the fp32 kernel), because
    /// its reduction runs over the batch and the few positions only. The same gradient as
    /// <c>[O, B·L] × [B·L, C·kh·kw]</c> (the upstream gradient against the unfolded input) is one brgemm of about 1 ms.
    /// The forward stays oneDNN's, and so does the input gradient at stride 1 (a transposed convolution is its
    /// backward-data kernel); a strided one is the product's other half, folded back (col2im).
    /// Only where the weight needs a gradient, the kernel is above 1x1, groups are 1 and both channel counts are at least
    /// <see cref="MinChannels"/> and fill blocks of 16 (so <see cref="SafeConvolution"/> has nothing to pad).
    /// </summary>
    internal static class SmallMapConvolution
    {
        /// <summary>
        /// Output positions per image up to which the GEMM pays, measured through <see cref="Compute"/> on ResNet-18's stage
        /// layers at batch 32 (Zen 5, 2 threads; bf16 / fp32 forward + backward): 512 channels at 2x2 0.89 → 0.70, 256 at 2x2
        /// 1.21 → 1.05, 512 at 1x1 1.67 → 1.33; at 4x4 it was slower (256: 0.90 without, 0.95 with; 128: 1.10 without, 1.28 with).
        /// </summary>
        internal const long MaxPositions = 4;

        /// <summary>
        /// Input and output channels from which the GEMM pays: oneDNN's kernel is slow for wide layers only. Narrower ones
        /// (DenseNet-121's 128→32 3x3 at 2x2 and 1x1) ran slower through this path (its whole step 0.92 → 1.01 of fp32 at
        /// 3x32x32, three alternating runs), and 1x1 kernels, which oneDNN already runs as GEMMs, too (MobileNetV2: 0.87 → 1.00, one run).
        /// </summary>
        internal const long MinChannels = 256;

        /// <summary>Whether <paramref name="x"/> convolved with <paramref name="w"/> (both already in the compute type) takes this path.</summary>
        internal static bool Applies(Tensor x, Tensor w, long[]? stride, long[]? padding, long[]? dilation, long groups)
        {
            if (groups != 1 || x.dim() != 4 || x.dtype != ScalarType.BFloat16 || w.dtype != ScalarType.BFloat16) return false;
            if (x.device_type != TorchSharp.DeviceType.CPU || !w.requires_grad || !is_grad_enabled()) return false;
            if (x.shape[1] % 16 != 0 || w.shape[0] % 16 != 0) return false;
            if (x.shape[1] < MinChannels || w.shape[0] < MinChannels || w.shape[2] * w.shape[3] == 1) return false;
            return ConvWindow.Of(stride, padding, dilation).Positions(x, w) <= MaxPositions;
        }

        /// <summary>The convolution, its weight gradient as a GEMM.</summary>
        internal static Tensor Conv2d(Tensor x, Tensor w, Tensor? b, long[]? stride, long[]? padding, long[]? dilation)
        {
            var y = WeightGemmConvolution.apply(x, w, ConvWindow.Of(stride, padding, dilation));
            return b is null ? y : y.add(b.view(1, -1, 1, 1), alpha: Scalars.One);
        }

        /// <summary>conv2d forward by oneDNN; backward: the weight gradient as a GEMM against the unfolded input.</summary>
        sealed class WeightGemmConvolution : SingleTensorFunction<WeightGemmConvolution>
        {
            public override string Name => "NetDsl.SmallMapConvolution";

            public override Tensor forward(AutogradContext ctx, params object[] vars)
            {
                var (x, w, window) = ((Tensor)vars[0], (Tensor)vars[1], (ConvWindow)vars[2]);
                ctx.save_for_backward(new List<Tensor> { x, w });
                ctx.save_data("window", window);
                ctx.save_data("inputGradient", x.requires_grad);
                return SafeConvolution.Conv2d(x, w, null, ConvWindow.Array(window.Stride), ConvWindow.Array(window.Padding), ConvWindow.Array(window.Dilation), 1);
            }

            public override List<Tensor> backward(AutogradContext ctx, Tensor gradient)
            {
                using var scope = NewDisposeScope();
                var saved = ctx.get_saved_variables();
                var (x, w) = (saved[0], saved[1]);
                var window = (ConvWindow)ctx.get_data("window");
                long batch = x.shape[0], inChannels = x.shape[1], outChannels = w.shape[0], kh = w.shape[2], kw = w.shape[3];
                gradient = gradient.contiguous();
                long positions = gradient.shape[2] * gradient.shape[3];

                // The upstream gradient as rows [B·L, O]; the input unfolded as rows [B·L, C·kh·kw].
                var rows = gradient.reshape(batch, outChannels, positions).transpose(1, 2).reshape(batch * positions, outChannels);
                var weight = w.reshape(outChannels, inChannels * kh * kw);

                // Input gradient: oneDNN's backward-data kernel (as a transposed convolution) at stride 1; for strided
                // windows the rows times the weight, folded back onto the input (col2im), since oneDNN's strided
                // backward-data crashed the process (SIGFPE) for ResNet-50's strided 1x1 from 512 channels, which
                // SafeConvolution's forward avoids. The fold is slower at stride 1 (256 channels at 2x2: 1.33 vs 1.01 of fp32).
                Tensor? inputGradient = null;
                if ((bool)ctx.get_data("inputGradient"))
                {
                    if (!window.Strided)
                        inputGradient = SafeConvolution.ConvTranspose2d(gradient, w, null, null, ConvWindow.Array(window.Padding), null, ConvWindow.Array(window.Dilation), 1);
                    else
                    {
                        var columnGradient = rows.matmul(weight).reshape(batch, positions, inChannels * kh * kw).transpose(1, 2);
                        inputGradient = nn.functional.fold(columnGradient, (x.shape[2], x.shape[3]), (kh, kw), window.Dilation, window.Padding, window.Stride);
                    }
                }

                // Weight gradient: [O, B·L] × [B·L, C·kh·kw], one GEMM.
                var columns = nn.functional.unfold(x, (kh, kw), window.Dilation, window.Padding, window.Stride).transpose(1, 2).reshape(batch * positions, inChannels * kh * kw);
                var weightGradient = rows.t().matmul(columns).reshape(w.shape);

                return new List<Tensor> { inputGradient?.MoveToOuterDisposeScope()!, weightGradient.MoveToOuterDisposeScope(), null! };
            }
        }
    }
}
