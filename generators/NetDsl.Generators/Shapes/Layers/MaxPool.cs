namespace NetDsl.Shapes
{
    /// <summary>[MaxPool]: MaxPool2d (MaxPool1d on a CxL map).</summary>
    public sealed record MaxPoolArgs : PoolArgs;

    internal sealed class MaxPoolKind : PoolKind<MaxPoolArgs>
    {
        public static readonly MaxPoolKind Instance = new MaxPoolKind();
        MaxPoolKind() : base("MaxPool", "MaxPool2d", "MaxPool1d") { }
    }
}
