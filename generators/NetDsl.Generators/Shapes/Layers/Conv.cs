using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// [Conv]: a 2-D convolution (PyTorch's Conv2d) on a CxHxW map, a 1-D one (Conv1d) on a CxL map. In-channels are
    /// inferred; <see cref="In"/> pins them. Kernel, Stride, Padding and Dilation are the height's and, unless the
    /// W-suffixed argument is written, the width's too: <c>Kernel = 1, KernelW = 7, PaddingW = 3</c> is torchvision's
    /// <c>kernel_size=(1, 7), padding=(0, 3)</c>. On a CxL map they are the length's, and the W-suffixed ones are ND0025.
    /// </summary>
    /// <remarks>Not sealed: <see cref="DeformConvArgs"/> is a convolution's arguments plus its own.</remarks>
    public record ConvArgs
    {
        /// <summary>Output channels.</summary>
        public required int OutChannels { get; init; }
        /// <summary>Kernel size (square).</summary>
        public required int Kernel { get; init; }
        /// <summary>Stride.</summary>
        public int Stride { get; init; } = 1;
        /// <summary>Padding on each side (zeros unless <see cref="PaddingMode"/> says otherwise).</summary>
        public int Padding { get; init; }
        /// <summary>What the padding holds: zeros (default), or the input reflected, replicated or wrapped.</summary>
        public PaddingMode PaddingMode { get; init; } = PaddingMode.Zeros;
        /// <summary>Spacing between kernel taps.</summary>
        public int Dilation { get; init; } = 1;
        /// <summary>Blocked connections from input to output channels (depthwise when equal to the channels).</summary>
        public int Groups { get; init; } = 1;
        /// <summary>Whether the layer adds a learnable bias.</summary>
        public bool Bias { get; init; } = true;
        /// <summary>Pins the input channels (features for Linear) so the checker verifies them; inferred when null.</summary>
        public int? In { get; init; }
        /// <summary>The window's width when it differs from its height (<see cref="Kernel"/>); absent: square.</summary>
        public int? KernelW { get; init; }
        /// <summary>The width's stride when it differs from <see cref="Stride"/>; absent: the same.</summary>
        public int? StrideW { get; init; }
        /// <summary>The width's padding when it differs from <see cref="Padding"/>; absent: the same.</summary>
        public int? PaddingW { get; init; }
        /// <summary>The width's dilation when it differs from <see cref="Dilation"/>; absent: the same.</summary>
        public int? DilationW { get; init; }

        // The width's values, resolved (not arguments: no setter).
        /// <summary>The window's width, resolved.</summary>
        public int KernelWidth => KernelW ?? Kernel;
        /// <summary>The width's stride, resolved.</summary>
        public int StrideWidth => StrideW ?? Stride;
        /// <summary>The width's padding, resolved.</summary>
        public int PaddingWidth => PaddingW ?? Padding;
        /// <summary>The width's dilation, resolved.</summary>
        public int DilationWidth => DilationW ?? Dilation;

        /// <summary>Whether any width argument differs from its height's (a rectangular window or step).</summary>
        public bool IsRectangular => KernelWidth != Kernel || StrideWidth != Stride || PaddingWidth != Padding || DilationWidth != Dilation;
    }

    internal sealed class ConvKind : LayerKind<ConvArgs>
    {
        public static readonly ConvKind Instance = new ConvKind();
        ConvKind() : base("Conv", "Conv2d", LayerRole.Parameterized, factory: "Conv", row1d: "Conv1d") { }

        public override bool OutputOverwritable => true;

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) => WeightAndBias(((ConvArgs)args).Bias);

        /// <summary>"weight", and "bias" when the layer has one (convolutions and linear layers).</summary>
        public static string[] WeightAndBias(bool bias) => bias ? new[] { "weight", "bias" } : new[] { "weight" };

        public override LayerOutcome Rule(string path, TensorShape input, ConvArgs a) => Conv2d(path, input, a, RowAt(input));

        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output) => Window((ConvArgs)args, input);

        /// <summary>A convolution's window (deformable ones too: their sampling grid before the offsets); along the length only on a CxL map.</summary>
        public static Windows Window(ConvArgs a, TensorShape input) => input.Is1d
            ? new Windows(Shapes.Window.Identity, new Window(a.Kernel, a.Stride, a.Padding, a.Dilation))
            : new Windows(new Window(a.Kernel, a.Stride, a.Padding, a.Dilation), new Window(a.KernelWidth, a.StrideWidth, a.PaddingWidth, a.DilationWidth));

        /// <summary>
        /// The convolution rule; <paramref name="kind"/> names the layer in messages (DeformConv2d reuses it). On a CxL map
        /// the kernel, stride, padding and dilation are the length's (Conv1d) and the W-suffixed arguments are refused.
        /// </summary>
        public static LayerOutcome Conv2d(string path, TensorShape input, ConvArgs a, string kind)
        {
            if (ConvLike(path, kind, input, a.OutChannels, a.Kernel, a.Stride, a.Padding, a.Dilation, a.Groups) is { } bad) return bad;
            if (input.Is1d && OneAxis(path, kind, input, a.KernelW, a.StrideW, a.PaddingW, a.DilationW) is { } twoAxes) return twoAxes;
            if (WidthArguments(path, kind, a) is { } badWidth) return badWidth;
            if (Channels(path, kind, input, a.OutChannels, a.Groups, a.In) is { } mismatch) return mismatch;
            long longH = input.Is1d ? 1 : Sizes.ConvSizeLong(input.H, a.Kernel, a.Stride, a.Padding, a.Dilation, false);
            long longW = Sizes.ConvSizeLong(input.W, a.KernelWidth, a.StrideWidth, a.PaddingWidth, a.DilationWidth, false);
            if (Messages.TooLarge(path, kind, a.OutChannels, longH, longW, "Padding", a.PaddingW.HasValue ? "PaddingW" : "Padding") is { } tooLarge) return tooLarge;
            int h = (int)longH, w = (int)longW;
            if (PaddedFromInput(path, kind, input, a) is { } badPadding) return badPadding;
            if (h <= 0 || w <= 0)
                return a.IsRectangular ? RectangularTooSmall(path, kind, input, a, h, w)
                    : TooSmall(path, kind, input, a.OutChannels, h, w, a.Kernel, a.Stride, a.Padding, a.Dilation);
            long weights = (long)a.OutChannels * (input.C / a.Groups) * a.Kernel * (input.Is1d ? 1 : a.KernelWidth);
            return LayerOutcome.Success(input.Resized(a.OutChannels, h, w), weights + (a.Bias ? a.OutChannels : 0), weights * h * w);
        }

        /// <summary>
        /// ND0025 at the first W-suffixed argument written for a layer on a CxL map (one axis: Kernel, Stride, Padding and
        /// Dilation are the length's); null when none is written.
        /// </summary>
        public static LayerOutcome? OneAxis(string path, string kind, TensorShape input, int? kernelW, int? strideW, int? paddingW, int? dilationW)
        {
            string? written = kernelW.HasValue ? "KernelW" : strideW.HasValue ? "StrideW" : paddingW.HasValue ? "PaddingW" : dilationW.HasValue ? "DilationW" : null;
            if (written == null) return null;
            string own = written.Substring(0, written.Length - 1);
            return WidthArgument(path, kind, input, written,
                $"remove {written} and write the length's {own} ({own} = …), or declare a CxHxW input for a 2-D window");
        }

        /// <summary>The checks every convolution shares (transposed too), in the order users meet them; null when all pass.</summary>
        public static LayerOutcome? ConvLike(string path, string kind, TensorShape input, int outChannels, int kernel, int stride,
            int padding, int dilation, int groups)
        {
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (outChannels <= 0) return Positive(path, kind, "out-channels", outChannels, "OutChannels");
            if (kernel <= 0) return Positive(path, kind, "kernel", kernel, "Kernel");
            if (stride <= 0) return Positive(path, kind, "Stride", stride, "Stride");
            if (dilation <= 0) return Positive(path, kind, "Dilation", dilation, "Dilation");
            if (groups <= 0) return Positive(path, kind, "Groups", groups, "Groups");
            if (padding < 0) return NonNegative(path, kind, "Padding", padding);
            return null;
        }

        /// <summary>The W-suffixed arguments' checks, at the argument written; null when all pass.</summary>
        static LayerOutcome? WidthArguments(string path, string kind, ConvArgs a)
        {
            if (a.KernelW is int k && k <= 0) return Positive(path, kind, "kernel width", k, "KernelW");
            if (a.StrideW is int s && s <= 0) return Positive(path, kind, "StrideW", s, "StrideW");
            if (a.DilationW is int d && d <= 0) return Positive(path, kind, "DilationW", d, "DilationW");
            if (a.PaddingW is int p && p < 0) return NonNegative(path, kind, "PaddingW", p);
            return null;
        }

        /// <summary>
        /// Padding taken from the input itself: PyTorch refuses reflect padding that is not under the input's size
        /// along an axis, and circular padding over it; null when the mode is zeros or the padding fits.
        /// </summary>
        static LayerOutcome? PaddedFromInput(string path, string kind, TensorShape input, ConvArgs a)
        {
            if (a.PaddingMode != PaddingMode.Reflect && a.PaddingMode != PaddingMode.Circular) return null;
            bool reflect = a.PaddingMode == PaddingMode.Reflect;
            bool Fits(int padding, int size) => reflect ? padding < size : padding <= size;
            string limit = reflect ? "under" : "at most";
            if (!input.Is1d && !Fits(a.Padding, input.H))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} {a.PaddingMode} padding {I(a.Padding)} must be {limit} the input's height {I(input.H)} (input {input}); use less padding, a larger input or PaddingMode.Zeros.",
                    "Padding");
            if (!Fits(a.PaddingWidth, input.W))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} {a.PaddingMode} padding {I(a.PaddingWidth)} must be {limit} the input's {(input.Is1d ? "length" : "width")} {I(input.W)} (input {input}); use less padding, a larger input or PaddingMode.Zeros.",
                    a.PaddingW.HasValue ? "PaddingW" : "Padding");
            return null;
        }

        /// <summary>TooSmall's message with each value written height x width ("kernel 1x7").</summary>
        static LayerOutcome RectangularTooSmall(string path, string kind, TensorShape input, ConvArgs a, int h, int w)
        {
            string Pair(int height, int width) => I(height) + "x" + I(width);
            string what = $"(kernel {Pair(a.Kernel, a.KernelWidth)}, stride {Pair(a.Stride, a.StrideWidth)}, padding {Pair(a.Padding, a.PaddingWidth)}" +
                (a.Dilation != 1 || a.DilationWidth != 1 ? $", dilation {Pair(a.Dilation, a.DilationWidth)})" : ")");
            return LayerOutcome.Fail(ShapeIssueIds.NonPositiveSize,
                $"{path}: {kind} output would be {I(a.OutChannels)}x{I(h)}x{I(w)} for input {input} {what}; the input is too small: use a larger input, more padding or a smaller kernel or stride.",
                h <= 0 ? "Kernel" : a.KernelW.HasValue ? "KernelW" : "Kernel");
        }

        /// <summary>The checks that need the input's channels: a pinned In, groups dividing both sides; null when both pass.</summary>
        public static LayerOutcome? Channels(string path, string kind, TensorShape input, int outChannels, int groups, int? pinnedIn)
        {
            if (pinnedIn.HasValue && pinnedIn.Value != input.C) return Pinned(path, kind, pinnedIn.Value, input.C, "channels", input);
            if (input.C % groups != 0 || outChannels % groups != 0) return Groups(path, kind, groups, input.C, outChannels);
            return null;
        }
    }
}
