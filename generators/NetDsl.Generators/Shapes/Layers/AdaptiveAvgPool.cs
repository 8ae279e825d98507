using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// [AdaptiveAvgPool]: average pooling to a fixed output size (one size sets both); on a CxL map (AdaptiveAvgPool1d) the
    /// one size is the output length, and two different sizes are ND0025.
    /// </summary>
    public sealed record AdaptiveAvgPoolArgs
    {
        /// <summary>Output height.</summary>
        public required int Height { get; init; }
        /// <summary>Output width.</summary>
        public required int Width { get; init; }
    }

    internal sealed class AdaptiveAvgPoolKind : LayerKind<AdaptiveAvgPoolArgs>
    {
        public static readonly AdaptiveAvgPoolKind Instance = new AdaptiveAvgPoolKind();
        AdaptiveAvgPoolKind() : base("AdaptiveAvgPool", "AdaptiveAvgPool2d", LayerRole.Functional, factory: "AdaptiveAvgPool", row1d: "AdaptiveAvgPool1d") { }

        public override bool PoolsPositions => true;

        public override bool SizedByOutput => true;

        public override LayerOutcome Rule(string path, TensorShape input, AdaptiveAvgPoolArgs a) => Adaptive(path, RowAt(input), input, a.Height, a.Width);

        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output) => AdaptiveWindows(input, output);

        /// <summary>
        /// PyTorch's adaptive bins as one window per axis: stride ⌊in/out⌋, and a kernel that reaches the last pixel (exact when
        /// out divides in; otherwise bins overlap and this is the widest); an upsampling adaptive pool (out &gt; in) is unknown.
        /// </summary>
        public static Windows? AdaptiveWindows(TensorShape input, TensorShape output)
        {
            if (output.H > input.H || output.W > input.W) return null;
            if (output.H == 1 && output.W == 1 && (input.H > 1 || input.W > 1)) return null;   // global: the whole input, not a window
            return new Windows(Bins(input.H, output.H), Bins(input.W, output.W));
        }

        static Window Bins(int size, int count)
        {
            int stride = size / count;
            return new Window(size - (count - 1) * stride, stride, 0);
        }

        /// <summary>The rule of every adaptive pooling: any map to Height x Width (a CxL map to the one size, its output length).</summary>
        public static LayerOutcome Adaptive(string path, string kind, TensorShape input, int height, int width)
        {
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (input.Is1d)
            {
                if (width <= 0) return Positive(path, kind, "output length", width, "Width");
                if (height != width) return TwoSizes(path, kind, input, width);
                return LayerOutcome.Success(TensorShape.Sequence(input.C, width));
            }
            if (height <= 0) return Positive(path, kind, "output height", height, "Height");
            if (width <= 0) return Positive(path, kind, "output width", width, "Width");
            return LayerOutcome.Success(new TensorShape(input.C, height, width));
        }

        /// <summary>ND0025: an adaptive pooling given a height and a width on a CxL map, which has one axis.</summary>
        public static LayerOutcome TwoSizes(string path, string kind, TensorShape input, int length) =>
            WidthArgument(path, kind, input, "Width", $"write one output length, [{kind.Substring(0, kind.Length - 2)}({I(length)})]");
    }
}
