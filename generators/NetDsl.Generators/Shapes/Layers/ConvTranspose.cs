using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[ConvTranspose]: a 2-D transposed convolution (PyTorch's ConvTranspose2d); ConvTranspose1d on a CxL map.</summary>
    public sealed record ConvTransposeArgs
    {
        /// <summary>Output channels.</summary>
        public required int OutChannels { get; init; }
        /// <summary>Kernel size (square).</summary>
        public required int Kernel { get; init; }
        /// <summary>Stride.</summary>
        public int Stride { get; init; } = 1;
        /// <summary>Zero padding on each side.</summary>
        public int Padding { get; init; }
        /// <summary>Extra size added to one side of the output, to pick among the sizes a strided transpose can produce.</summary>
        public int OutputPadding { get; init; }
        /// <summary>Spacing between kernel taps.</summary>
        public int Dilation { get; init; } = 1;
        /// <summary>Blocked connections from input to output channels (depthwise when equal to the channels).</summary>
        public int Groups { get; init; } = 1;
        /// <summary>Whether the layer adds a learnable bias.</summary>
        public bool Bias { get; init; } = true;
        /// <summary>Pins the input channels (features for Linear) so the checker verifies them; inferred when null.</summary>
        public int? In { get; init; }
    }

    internal sealed class ConvTransposeKind : LayerKind<ConvTransposeArgs>
    {
        public static readonly ConvTransposeKind Instance = new ConvTransposeKind();
        ConvTransposeKind() : base("ConvTranspose", "ConvTranspose2d", LayerRole.Parameterized, factory: "ConvTranspose", row1d: "ConvTranspose1d") { }

        public override bool OutputOverwritable => true;

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) => ConvKind.WeightAndBias(((ConvTransposeArgs)args).Bias);

        public override LayerOutcome Rule(string path, TensorShape input, ConvTransposeArgs a)
        {
            string kind = RowAt(input);
            if (ConvKind.ConvLike(path, kind, input, a.OutChannels, a.Kernel, a.Stride, a.Padding, a.Dilation, a.Groups) is { } bad) return bad;
            if (a.OutputPadding < 0 || (a.OutputPadding >= a.Stride && a.OutputPadding >= a.Dilation))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} OutputPadding = {I(a.OutputPadding)} must be ≥ 0 and smaller than the stride ({I(a.Stride)}) or the dilation ({I(a.Dilation)}); use OutputPadding < {I(System.Math.Max(a.Stride, a.Dilation))}.",
                    "OutputPadding");
            if (ConvKind.Channels(path, kind, input, a.OutChannels, a.Groups, a.In) is { } mismatch) return mismatch;
            long longH = input.Is1d ? 1 : TransposedSize(input.H, a);
            long longW = TransposedSize(input.W, a);
            if (Messages.TooLarge(path, kind, a.OutChannels, longH, longW, "Stride", "Stride") is { } tooLarge) return tooLarge;
            int h = (int)longH, w = (int)longW;
            if (h <= 0 || w <= 0)
                return LayerOutcome.Fail(ShapeIssueIds.NonPositiveSize,
                    $"{path}: {kind} output would be {Dims(input, a.OutChannels, h, w)} for input {input} (kernel {I(a.Kernel)}, stride {I(a.Stride)}, padding {I(a.Padding)}); reduce the padding.",
                    "Padding");
            long weights = (long)input.C * (a.OutChannels / a.Groups) * a.Kernel * (input.Is1d ? 1 : a.Kernel);
            return LayerOutcome.Success(input.Resized(a.OutChannels, h, w), weights + (a.Bias ? a.OutChannels : 0), weights * input.H * input.W);
        }

        /// <summary>
        /// A kernel that is not a multiple of the stride overlaps unevenly: every other output gets one more kernel tap,
        /// the checkerboard artefacts of Odena, Dumoulin &amp; Olah (Distill 2016). The fix named keeps the layer's output size
        /// (<see cref="EvenKernel"/>), so the layers after it still get the map they were written for.
        /// </summary>
        public override ShapeIssue? Lint(string path, TensorShape input, object args, TensorShape output)
        {
            var a = (ConvTransposeArgs)args;
            if (a.Stride < 2 || a.Kernel % a.Stride == 0) return null;
            string fix;
            if (EvenKernel(a) is { } even)
                fix = $"use kernel: {I(even.Kernel)} with Padding = {I(even.Padding)}"
                    + (even.OutputPadding != a.OutputPadding ? $" and OutputPadding = {I(even.OutputPadding)}" : "")
                    + $" (the same {Size(output)} output)";
            else
            {
                int kernel = Nearest.Multiple(a.Kernel, a.Stride);
                fix = $"use kernel: {I(kernel)} with Padding = {I((kernel - a.Stride) / 2)}";
            }
            return new ShapeIssue(ShapeIssueIds.CheckerboardLint,
                $"{path}: {RowAt(input)} kernel {I(a.Kernel)} is not a multiple of its stride {I(a.Stride)}, so outputs get uneven overlap (checkerboard artefacts, Odena et al. 2016); {fix}, or upsample then convolve.",
                "Kernel");
        }

        /// <summary>
        /// The arguments with a kernel that is a multiple of the stride (the nearest, else the other neighbouring multiple) and
        /// the padding and output padding that keep every output size: the output is (n - 1)·stride + dilation·(kernel - 1)
        /// - 2·padding + outputPadding + 1, so the kernel's change is made up by the paddings. Of those, the one that changes
        /// the fewest arguments (then the smallest output padding); null when no padding ≥ 0 and output padding below the
        /// stride or dilation (PyTorch's rule) make it up.
        /// </summary>
        public static ConvTransposeArgs? EvenKernel(ConvTransposeArgs a)
        {
            if (a.Stride < 2 || a.Kernel % a.Stride == 0) return null;
            int nearest = Nearest.Multiple(a.Kernel, a.Stride);
            int other = nearest > a.Kernel ? nearest - a.Stride : nearest + a.Stride;
            foreach (int kernel in new[] { nearest, other })
            {
                if (kernel < a.Stride) continue;
                ConvTransposeArgs? best = null;
                int fewest = int.MaxValue;
                for (int outputPadding = 0; outputPadding < System.Math.Max(a.Stride, a.Dilation); outputPadding++)
                {
                    long twice = (long)a.Dilation * (kernel - a.Kernel) + outputPadding - a.OutputPadding;   // 2·(padding' - padding)
                    if (twice % 2 != 0 || a.Padding + twice / 2 < 0) continue;
                    int padding = a.Padding + (int)(twice / 2);
                    int changes = (padding != a.Padding ? 1 : 0) + (outputPadding != a.OutputPadding ? 1 : 0);
                    if (changes < fewest) (best, fewest) = (a with { Kernel = kernel, Padding = padding, OutputPadding = outputPadding }, changes);
                }
                if (best != null) return best;
            }
            return null;
        }

        /// <summary>PyTorch's transposed-convolution output size, in 64-bit arithmetic (a huge stride must not wrap to a small size).</summary>
        public static long TransposedSize(int size, ConvTransposeArgs a) =>
            (long)(size - 1) * a.Stride - 2L * a.Padding + (long)a.Dilation * (a.Kernel - 1) + a.OutputPadding + 1;
    }
}
