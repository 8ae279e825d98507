using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Convolutions kept to the kernels that are right where <see cref="ConvKernelCheck"/> found this machine's wrong;
    /// elsewhere these are the plain functional calls. On such a machine, for CPU tensors:
    /// <list type="bullet">
    /// <item>Input and weight in NCHW storage: channels-last convolutions there gave outputs 7-13% off inside whole
    /// networks (ResNet-18, MobileNet-V2 inference paths) and crashed the process (DenseNet-121), though not in
    /// isolated calls, so no probe can single them out.</item>
    /// <item>Strided 1x1 convolutions as a stride-1 one on every stride-th pixel: the strided one's backward crashed the
    /// process there (SIGFPE inside oneDNN, from 512→1024 channels up: every ResNet-50's downsample).</item>
    /// <item>Dense convolutions' channels zero-padded to full blocks of 16: the weight (and bias) padded with zero
    /// filters and zero input channels, the input padded with zero channels when its count is off a block and it needs
    /// a gradient or exceeds one block, and the output narrowed back. The result is exactly the unpadded convolution's.
    /// A stem convolution from 3 channels stays unpadded on its input (right there, and 5x the work padded).</item>
    /// <item>Strided kernels (stride and kernel above 1) padded to an even count of blocks on the channels their
    /// backward-data kernel writes: a strided convolution's input (per group for grouped ones) where it needs a
    /// gradient, a strided transposed convolution's output. Off that, the input gradients came out 1-5% off and at
    /// times NaN, the transposed outputs 1-9% off (RegNet's strided group convolutions, 232 and 264 wide; a 2x2
    /// up-convolution to 48 channels). Grouped convolutions' input channels also go to full blocks per group where the
    /// input needs a gradient (bf16 ones were 3-13% off there).</item>
    /// </list>
    /// </summary>
    public static class SafeConvolution
    {
        /// <summary>Whether the rerouting is on (this machine failed the probe).</summary>
        public static bool Active => Forced ?? ConvKernelCheck.HostIsFaulty;

        /// <summary>Tests set this to run the rerouted path on any machine (null: the probe decides).</summary>
        internal static bool? Forced { get; set; }

        static long ToBlock(long channels) => channels % 16 == 0 ? 0 : 16 - channels % 16;

        static long InputPad(Tensor x, long channels) => channels % 16 != 0 && (channels > 16 || x.requires_grad) ? ToBlock(channels) : 0;

        // Strided kernels (stride > 1, kernel > 1) came out wrong (1-9% off, at times NaN) where the channels their
        // backward-data kernel writes fill an odd number of blocks above one (48, 80, 112, 264; 32, 64, 96 were
        // right): a strided convolution's input gradient and a strided transposed convolution's output. Those channels
        // get zero blocks to a full, even count.
        static long ToEvenBlocks(long channels)
        {
            long blocks = (channels + 15) / 16;
            return blocks > 1 && blocks % 2 == 1 ? blocks * 16 + 16 - channels : ToBlock(channels);
        }

        static bool Strides([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] long[]? stride) => stride != null && (stride[0] > 1 || stride[^1] > 1);

        static bool Strided(long[]? stride, long kernelArea) => kernelArea > 1 && Strides(stride);

        // A dense convolution's input channels: to full blocks (as above), to an even count where a strided input gradient is due.
        static long DenseInputPad(Tensor x, long channels, bool strided) => strided && x.requires_grad ? ToEvenBlocks(channels) : InputPad(x, channels);

        // A group's input channels, where the input needs a gradient: bf16 grouped input gradients were 3-13% off for
        // groups off a block (24, 56, 88, 120 channels), fp32 strided ones as dense ones. Groups of up to 16 (depthwise
        // and ResNeXt-sized) were right and stay unpadded.
        static long GroupInputPad(Tensor x, long channelsPerGroup, bool strided) =>
            !x.requires_grad || channelsPerGroup <= 16 ? 0 : strided ? ToEvenBlocks(channelsPerGroup) : ToBlock(channelsPerGroup);

        // A transposed convolution's output channels: to full blocks, to an even count where it is strided.
        static long TransposedOutputPad(long channels, bool strided) => strided ? ToEvenBlocks(channels) : ToBlock(channels);

        // CPU tensors only: the probe checked the CPU kernels.
        static bool OnFaultyCpu(Tensor x) => x.device_type == TorchSharp.DeviceType.CPU && Active;

        // Dense convolutions only: groups change the weight's layout.
        static bool Pads(long groups, long outPad, long inPad) => groups == 1 && (outPad != 0 || inPad != 0);

        // The weight padded along its output and input channel dimensions (the pad list runs from the last dimension).
        static Tensor PadWeight(Tensor w, int outDim, long outPad, int inDim, long inPad)
        {
            var spec = new long[2 * w.dim()];
            spec[2 * (w.dim() - 1 - outDim) + 1] = outPad;
            spec[2 * (w.dim() - 1 - inDim) + 1] = inPad;
            return nn.functional.pad(w, spec);
        }

        static Tensor? PadBias(Tensor? b, long outPad) => b is null || outPad == 0 ? b : nn.functional.pad(b, new long[] { 0, outPad });

        static Tensor Narrow(Tensor y, long outChannels, long outPad) => outPad == 0 ? y : y.narrow(1, 0, outChannels);

        /// <summary><c>conv2d</c>, in NCHW storage and padded to full channel blocks where needed.</summary>
        public static Tensor Conv2d(Tensor x, Tensor w, Tensor? b, long[]? stride, long[]? padding, long[]? dilation, long groups)
        {
            if (!OnFaultyCpu(x)) return nn.functional.conv2d(x, w, b, stride, padding, dilation, groups);
            (x, w) = (x.contiguous(), w.contiguous());   // NCHW storage (a no-op unless channels-last)
            if (w.shape[2] == 1 && w.shape[3] == 1 && Strides(stride))
                (x, stride, padding) = (Subsample(x, stride, padding), null, null);
            bool strided = Strided(stride, w.shape[2] * w.shape[3]);
            if (groups > 1)
            {
                long groupPad = GroupInputPad(x, w.shape[1], strided);
                return groupPad == 0 ? nn.functional.conv2d(x, w, b, stride, padding, dilation, groups)
                    : nn.functional.conv2d(PadGroupChannels(x, groups, groupPad), PadWeight(w, 0, 0, 1, groupPad), b, stride, padding, dilation, groups);
            }
            long outPad = ToBlock(w.shape[0]), inPad = DenseInputPad(x, w.shape[1], strided);
            if (!Pads(groups, outPad, inPad)) return nn.functional.conv2d(x, w, b, stride, padding, dilation, groups);
            return Narrow(nn.functional.conv2d(PadChannels(x, inPad), PadWeight(w, 0, outPad, 1, inPad), PadBias(b, outPad), stride, padding, dilation, 1), w.shape[0], outPad);
        }

        /// <summary><c>conv1d</c>, padded to full channel blocks where needed.</summary>
        public static Tensor Conv1d(Tensor x, Tensor w, Tensor? b, long stride, long padding, long dilation, long groups)
        {
            long outPad = ToBlock(w.shape[0]), inPad = DenseInputPad(x, w.shape[1], stride > 1 && w.shape[2] > 1);
            if (!OnFaultyCpu(x) || !Pads(groups, outPad, inPad)) return nn.functional.conv1d(x, w, b, stride, padding, dilation, groups);
            return Narrow(nn.functional.conv1d(PadChannels(x, inPad), PadWeight(w, 0, outPad, 1, inPad), PadBias(b, outPad), stride, padding, dilation, 1), w.shape[0], outPad);
        }

        /// <summary><c>conv_transpose2d</c> (weight [in, out, kh, kw]), in NCHW storage and padded to full channel blocks where needed.</summary>
        public static Tensor ConvTranspose2d(Tensor x, Tensor w, Tensor? b, long[]? stride, long[]? padding, long[]? outputPadding, long[]? dilation, long groups)
        {
            if (!OnFaultyCpu(x)) return nn.functional.conv_transpose2d(x, w, b, stride, padding, outputPadding, dilation, groups);
            (x, w) = (x.contiguous(), w.contiguous());
            long outPad = TransposedOutputPad(w.shape[1], Strided(stride, w.shape[2] * w.shape[3])), inPad = ToBlock(w.shape[0]);
            if (!Pads(groups, outPad, inPad)) return nn.functional.conv_transpose2d(x, w, b, stride, padding, outputPadding, dilation, groups);
            return Narrow(nn.functional.conv_transpose2d(PadChannels(x, inPad), PadWeight(w, 1, outPad, 0, inPad), PadBias(b, outPad), stride, padding, outputPadding, dilation, 1),
                w.shape[1], outPad);
        }

        /// <summary><c>conv_transpose1d</c> (weight [in, out, k]), padded to full channel blocks where needed.</summary>
        public static Tensor ConvTranspose1d(Tensor x, Tensor w, Tensor? b, long stride, long padding, long outputPadding, long dilation, long groups)
        {
            long outPad = TransposedOutputPad(w.shape[1], stride > 1 && w.shape[2] > 1), inPad = ToBlock(w.shape[0]);
            if (!OnFaultyCpu(x) || !Pads(groups, outPad, inPad)) return nn.functional.conv_transpose1d(x, w, b, stride, padding, outputPadding, dilation, groups);
            return Narrow(nn.functional.conv_transpose1d(PadChannels(x, inPad), PadWeight(w, 1, outPad, 0, inPad), PadBias(b, outPad), stride, padding, outputPadding, dilation, 1),
                w.shape[1], outPad);
        }

        // A strided 1x1 convolution reads every stride-th pixel of its (zero-padded) input: those pixels, taken first,
        // make it a stride-1 1x1 convolution with the same output. Its backward kernel is another one: the strided
        // one's input gradient crashed the process (SIGFPE while oneDNN built it) from 512→1024 channels up.
        static Tensor Subsample(Tensor x, long[] stride, long[]? padding)
        {
            long ph = padding?[0] ?? 0, pw = padding == null ? 0 : padding[^1];
            if (ph != 0 || pw != 0) x = nn.functional.pad(x, new[] { pw, pw, ph, ph });
            return x.slice(2, 0, x.shape[2], stride[0]).slice(3, 0, x.shape[3], stride[^1]);
        }

        // Zero channels appended to each group's channels of [N, groups * C, H, W].
        static Tensor PadGroupChannels(Tensor x, long groups, long pad)
        {
            long n = x.shape[0], c = x.shape[1] / groups, h = x.shape[2], w = x.shape[3];
            return nn.functional.pad(x.reshape(n, groups, c, h, w), new long[] { 0, 0, 0, 0, 0, pad }).reshape(n, groups * (c + pad), h, w);
        }

        // Zero channels appended to [N, C, ...] (the pad list runs from the last dimension: zeros before C's pair).
        static Tensor PadChannels(Tensor x, long pad)
        {
            if (pad == 0) return x;
            var spec = new long[2 * (x.dim() - 1)];
            spec[^1] = pad;
            return nn.functional.pad(x, spec);
        }
    }
}
