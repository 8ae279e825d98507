using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[AdaptiveAvgPool]: average pooling to a fixed output size (one size sets both).</summary>
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
        AdaptiveAvgPoolKind() : base("AdaptiveAvgPool", "AdaptiveAvgPool2d", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, AdaptiveAvgPoolArgs a) => Adaptive(path, Row, input, a.Height, a.Width);

        /// <summary>The rule of every adaptive pooling: any map to Height x Width.</summary>
        public static LayerOutcome Adaptive(string path, string kind, TensorShape input, int height, int width)
        {
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (height <= 0) return Positive(path, kind, "output height", height, "Height");
            if (width <= 0) return Positive(path, kind, "output width", width, "Width");
            return LayerOutcome.Success(new TensorShape(input.C, height, width));
        }
    }
}
