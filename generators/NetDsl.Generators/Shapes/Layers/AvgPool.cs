namespace NetDsl.Shapes
{
    /// <summary>[AvgPool]: AvgPool2d (AvgPool1d on a CxL map); padded positions count in the average, as PyTorch's default.</summary>
    public sealed record AvgPoolArgs : PoolArgs;

    internal sealed class AvgPoolKind : PoolKind<AvgPoolArgs>
    {
        public static readonly AvgPoolKind Instance = new AvgPoolKind();
        AvgPoolKind() : base("AvgPool", "AvgPool2d", "AvgPool1d") { }
    }
}
