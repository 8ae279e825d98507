namespace NetDsl.Shapes
{
    /// <summary>[AdaptiveMaxPool]: max pooling to a fixed output size (one size sets both), as PyTorch's AdaptiveMaxPool2d (AdaptiveMaxPool1d on a CxL map: one output length).</summary>
    public sealed record AdaptiveMaxPoolArgs
    {
        /// <summary>Output height.</summary>
        public required int Height { get; init; }
        /// <summary>Output width.</summary>
        public required int Width { get; init; }
    }

    internal sealed class AdaptiveMaxPoolKind : LayerKind<AdaptiveMaxPoolArgs>
    {
        public static readonly AdaptiveMaxPoolKind Instance = new AdaptiveMaxPoolKind();
        AdaptiveMaxPoolKind() : base("AdaptiveMaxPool", "AdaptiveMaxPool2d", LayerRole.Functional, factory: "AdaptiveMaxPool", row1d: "AdaptiveMaxPool1d") { }

        public override bool PoolsPositions => true;

        public override bool SizedByOutput => true;

        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output) => AdaptiveAvgPoolKind.AdaptiveWindows(input, output);

        /// <summary>Any map to Height x Width, no parameters; multiply-adds are not counted for pooling.</summary>
        public override LayerOutcome Rule(string path, TensorShape input, AdaptiveMaxPoolArgs a) =>
            AdaptiveAvgPoolKind.Adaptive(path, RowAt(input), input, a.Height, a.Width);
    }
}
