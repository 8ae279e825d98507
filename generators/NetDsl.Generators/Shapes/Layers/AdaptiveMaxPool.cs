namespace NetDsl.Shapes
{
    /// <summary>[AdaptiveMaxPool]: max pooling to a fixed output size, as PyTorch's AdaptiveMaxPool2d (AdaptiveMaxPool1d on a CxL map).</summary>
    public sealed record AdaptiveMaxPoolArgs : AdaptivePoolArgs;

    internal sealed class AdaptiveMaxPoolKind : AdaptivePoolKind<AdaptiveMaxPoolArgs>
    {
        public static readonly AdaptiveMaxPoolKind Instance = new AdaptiveMaxPoolKind();
        AdaptiveMaxPoolKind() : base("AdaptiveMaxPool", "AdaptiveMaxPool2d", "AdaptiveMaxPool1d") { }
    }
}
