using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// Adaptive pooling to a fixed output size (one size sets both); on a CxL map (AdaptiveAvgPool1d, AdaptiveMaxPool1d) the
    /// one size is the output length, and two different sizes are ND0025.
    /// </summary>
    public abstract record AdaptivePoolArgs
    {
        /// <summary>Output height.</summary>
        public required int Height { get; init; }
        /// <summary>Output width.</summary>
        public required int Width { get; init; }
    }

    /// <summary>[AdaptiveAvgPool]: average pooling to a fixed output size, as PyTorch's AdaptiveAvgPool2d (AdaptiveAvgPool1d on a CxL map).</summary>
    public sealed record AdaptiveAvgPoolArgs : AdaptivePoolArgs;

    internal sealed class AdaptiveAvgPoolKind : AdaptivePoolKind<AdaptiveAvgPoolArgs>
    {
        public static readonly AdaptiveAvgPoolKind Instance = new AdaptiveAvgPoolKind();
        AdaptiveAvgPoolKind() : base("AdaptiveAvgPool", "AdaptiveAvgPool2d", "AdaptiveAvgPool1d") { }
    }

    /// <summary>The rule both adaptive poolings share (AdaptiveAvgPool, AdaptiveMaxPool): any map to Height x Width, no parameters; multiply-adds are not counted for pooling.</summary>
    internal abstract class AdaptivePoolKind<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)] TArgs> : LayerKind<TArgs> where TArgs : AdaptivePoolArgs
    {
        protected AdaptivePoolKind(string name, string row, string row1d) : base(name, row, LayerRole.Functional, factory: name, row1d: row1d) { }

        public override bool PoolsPositions => true;

        public override bool SizedByOutput => true;

        public override LayerOutcome Rule(string path, TensorShape input, TArgs a) => AdaptivePooling.Rule(path, RowAt(input), input, a.Height, a.Width);

        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output) => AdaptivePooling.AdaptiveWindows(input, output);
    }

    /// <summary>What every adaptive pooling checks and reads: its rule, its windows, ND0025 for two sizes on a CxL map.</summary>
    internal static class AdaptivePooling
    {
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
        public static LayerOutcome Rule(string path, string kind, TensorShape input, int height, int width)
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
