using System;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Deformable convolution: v1 (Dai et al. 2017) or, when modulated, v2 (Zhu et al. 2018), computing what
    /// <c>torchvision.ops.deform_conv2d</c> computes. An <c>offset</c> convolution (same kernel, stride, padding and
    /// dilation, with bias) predicts from the input, per output pixel, a (dy, dx) shift for every kernel position,
    /// and for v2 also a modulation scalar through a sigmoid; the main convolution then reads its inputs at the
    /// shifted positions by bilinear interpolation (zeros outside the image).
    /// <para>
    /// State-dict keys: <c>weight</c> [Cout, Cin / groups, k, k], <c>bias</c> [Cout] (when enabled),
    /// <c>offset.weight</c> [(2 or 3) · offsetGroups · k · k, Cin, k, k] and <c>offset.bias</c>. The offset
    /// convolution's output channels are the offsets first (2 · offsetGroups · k · k, (dy, dx) pairs per kernel
    /// position, row-major over the kernel, group after group), then for v2 the mask logits (offsetGroups · k · k).
    /// </para>
    /// <para>
    /// The offset convolution starts at zero (as in the DCN papers): a fresh v1 layer is exactly the plain
    /// convolution on its <c>weight</c>; a fresh v2 layer is that convolution with every sample scaled by
    /// sigmoid(0) = 0.5 (the papers' initial modulation), plus the bias. <c>weight</c> and <c>bias</c> are
    /// initialised as <c>nn.Conv2d</c>'s.
    /// </para>
    /// </summary>
    public sealed class DeformableConv2d : nn.Module<Tensor, Tensor>
    {
        readonly Parameter weight;
        readonly Parameter? bias;
        readonly Conv2d offset;

        /// <summary>A deformable convolution (torchvision's DeformConv2d weights plus the offset, and for v2 mask, predictor).</summary>
        public DeformableConv2d(int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0, int dilation = 1,
            int groups = 1, bool bias = true, bool modulated = false, int offsetGroups = 1)
            : base(nameof(DeformableConv2d))
        {
            if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || dilation <= 0 || groups <= 0 || offsetGroups <= 0 || padding < 0)
                throw new ArgumentException("DeformableConv2d: channels, kernel, stride, dilation and group counts must be positive and padding ≥ 0.");
            if (inChannels % groups != 0 || outChannels % groups != 0)
                throw new ArgumentException($"DeformableConv2d: groups = {groups} must divide in-channels ({inChannels}) and out-channels ({outChannels}).", nameof(groups));
            if (inChannels % offsetGroups != 0)
                throw new ArgumentException($"DeformableConv2d: offsetGroups = {offsetGroups} must divide in-channels ({inChannels}).", nameof(offsetGroups));

            InChannels = inChannels;
            OutChannels = outChannels;
            Kernel = kernel;
            Stride = stride;
            Padding = padding;
            Dilation = dilation;
            Groups = groups;
            Modulated = modulated;
            OffsetGroups = offsetGroups;

            // nn.Conv2d's initialisation: kaiming_uniform_(a = √5), i.e. U(±1/√fanIn), for weight and bias.
            this.weight = new Parameter(empty(outChannels, inChannels / groups, kernel, kernel));
            nn.init.kaiming_uniform_(this.weight, Math.Sqrt(5));
            register_parameter("weight", this.weight);
            if (bias)
            {
                double bound = 1 / Math.Sqrt((double)(inChannels / groups) * kernel * kernel);
                this.bias = new Parameter(empty(outChannels));
                nn.init.uniform_(this.bias, -bound, bound);
                register_parameter("bias", this.bias);
            }

            int k2 = kernel * kernel;
            offset = nn.Conv2d(inChannels, (modulated ? 3 : 2) * offsetGroups * k2, kernel, stride: stride, padding: padding, dilation: dilation);
            using (no_grad())
            {
                offset.weight!.zero_();
                offset.bias!.zero_();
            }
            register_module("offset", offset);
        }

        /// <summary>Input channels.</summary>
        public int InChannels { get; }
        /// <summary>Output channels.</summary>
        public int OutChannels { get; }
        /// <summary>Kernel size (square).</summary>
        public int Kernel { get; }
        /// <summary>Stride.</summary>
        public int Stride { get; }
        /// <summary>Zero padding on each side.</summary>
        public int Padding { get; }
        /// <summary>Spacing between kernel taps.</summary>
        public int Dilation { get; }
        /// <summary>Weight groups.</summary>
        public int Groups { get; }
        /// <summary>Whether a mask modulates the sampled positions (v2).</summary>
        public bool Modulated { get; }
        /// <summary>Channel groups that share one set of offsets.</summary>
        public int OffsetGroups { get; }

        /// <summary>The main convolution's weight, [Cout, Cin / groups, k, k].</summary>
        public Parameter Weight => weight;

        /// <summary>The main convolution's bias, [Cout], or null.</summary>
        public Parameter? Bias => bias;

        /// <summary>The convolution predicting offsets (and v2 mask logits) from the input.</summary>
        public Conv2d Offset => offset;

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            input = Compute.Fp32(input);   // autocast runs deformable convolution in fp32 (torchvision registers it so)
            // Through SafeConvolution, in fp32: its 18 or 27 output channels are off a 16-block, where a faulty host's
            // input gradient came out NaN (ConvKernelCheck).
            var predicted = SafeConvolution.Conv2d(input, offset.weight!, offset.bias, offset.stride, offset.padding ?? new long[] { 0, 0 }, offset.dilation, offset.groups);
            Tensor offsets = predicted;
            Tensor? mask = null;
            if (Modulated)
            {
                long split = 2L * OffsetGroups * Kernel * Kernel;
                offsets = predicted.narrow(1, 0, split);
                mask = predicted.narrow(1, split, predicted.shape[1] - split).sigmoid();
            }
            return Apply(input, offsets, weight, bias, mask, Stride, Padding, Dilation, Groups).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// <c>torchvision.ops.deform_conv2d</c>: <paramref name="input"/> [N, Cin, H, W], <paramref name="offset"/>
        /// [N, 2 · G · kh · kw, Hout, Wout] ((dy, dx) per kernel position, row-major over the kernel, for each of the
        /// G offset groups, G inferred from its channels and dividing Cin), <paramref name="weight"/>
        /// [Cout, Cin / groups, kh, kw], optional <paramref name="bias"/> [Cout] and <paramref name="mask"/>
        /// [N, G · kh · kw, Hout, Wout]. The kernel position (i, j) of output pixel (y, x) reads channel c at
        /// (y·stride − padding + i·dilation + dy, x·stride − padding + j·dilation + dx) by bilinear interpolation,
        /// with zeros outside the image, times the mask. <paramref name="groups"/> defaults to Cin / weight.shape[1].
        /// Built from tensor operations (one gather of the four neighbours, then a batched matmul), so autograd
        /// differentiates it with respect to every tensor argument.
        /// </summary>
        public static Tensor Apply(Tensor input, Tensor offset, Tensor weight, Tensor? bias = null, Tensor? mask = null,
            int stride = 1, int padding = 0, int dilation = 1, int? groups = null)
        {
            if (input.dim() != 4) throw new ArgumentException($"input must be [N, C, H, W], got {Shape(input)}", nameof(input));
            if (weight.dim() != 4) throw new ArgumentException($"weight must be [Cout, Cin / groups, kh, kw], got {Shape(weight)}", nameof(weight));
            if (stride <= 0 || dilation <= 0 || padding < 0) throw new ArgumentException("stride and dilation must be positive and padding ≥ 0");
            long n = input.shape[0], c = input.shape[1], h = input.shape[2], w = input.shape[3];
            long cout = weight.shape[0], cpg = weight.shape[1], kh = weight.shape[2], kw = weight.shape[3];
            if (cpg <= 0 || c % cpg != 0) throw new ArgumentException($"weight {Shape(weight)} does not fit input channels {c}", nameof(weight));
            long g = groups ?? c / cpg;
            if (g * cpg != c || cout % g != 0)
                throw new ArgumentException($"groups = {g} with weight {Shape(weight)} does not fit input channels {c} and output channels {cout}", nameof(groups));
            long k = kh * kw;
            long hout = Sizes.ConvSize((int)h, (int)kh, stride, padding, dilation, ceilMode: false);
            long wout = Sizes.ConvSize((int)w, (int)kw, stride, padding, dilation, ceilMode: false);
            if (hout == 0 || wout == 0)   // the shape checker's formula gives 0 where the padded input is shorter than the window
                throw new ArgumentException($"input {Shape(input)} is too small for a {kh}x{kw} kernel (padding {padding}, dilation {dilation})", nameof(input));
            long l = hout * wout;
            if (offset.dim() != 4 || offset.shape[0] != n || offset.shape[2] != hout || offset.shape[3] != wout
                || offset.shape[1] == 0 || offset.shape[1] % (2 * k) != 0)
                throw new ArgumentException($"offset must be [{n}, 2 · offsetGroups · {k}, {hout}, {wout}], got {Shape(offset)}", nameof(offset));
            long og = offset.shape[1] / (2 * k);
            if (c % og != 0) throw new ArgumentException($"{og} offset groups do not divide the {c} input channels", nameof(offset));
            if (mask is not null && (mask.dim() != 4 || mask.shape[0] != n || mask.shape[1] != og * k || mask.shape[2] != hout || mask.shape[3] != wout))
                throw new ArgumentException($"mask must be [{n}, {og * k}, {hout}, {wout}], got {Shape(mask)}", nameof(mask));
            if (bias is not null && (bias.dim() != 1 || bias.shape[0] != cout))
                throw new ArgumentException($"bias must be [{cout}], got {Shape(bias)}", nameof(bias));

            using var scope = NewDisposeScope();
            var device = input.device;
            var dtype = offset.dtype;

            // Undeformed sampling grid: [K, Hout, 1] rows and [K, 1, Wout] columns, kernel row-major.
            using var held = new ScalarScope();
            Scalar dilationStep = held[dilation], strideStep = held[stride], pad = held[padding];
            var ky = arange(held[kh], dtype, device).mul(dilationStep).repeat_interleave(kw).view(k, 1, 1);
            var kx = arange(held[kw], dtype, device).mul(dilationStep).repeat(kh).view(k, 1, 1);
            var oy = arange(held[hout], dtype, device).mul(strideStep).sub(pad).view(1, hout, 1);
            var ox = arange(held[wout], dtype, device).mul(strideStep).sub(pad).view(1, 1, wout);

            var shifts = offset.view(n, og, k, 2, hout, wout);
            var y = shifts.select(3, 0).add(ky.add(oy, Scalars.One), Scalars.One).reshape(n, og, k * l);
            var x = shifts.select(3, 1).add(kx.add(ox, Scalars.One), Scalars.One).reshape(n, og, k * l);
            var scale = mask?.reshape(n, og, k * l);

            // Columns [N, Cin, K, L] (offset group-major channels), then the grouped matmul with the weight.
            var columns = BilinearSampling.Sample(input.reshape(n, og, c / og, h, w), y, x, scale);
            var result = weight.reshape(g, cout / g, cpg * k).matmul(columns.view(n, g, cpg * k, l)).view(n, cout, hout, wout);
            if (bias is not null) result = result.add(bias.view(1, cout, 1, 1), Scalars.One);
            return result.MoveToOuterDisposeScope();
        }

        static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
    }
}
