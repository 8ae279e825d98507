namespace NetDsl.Shapes
{
    /// <summary>[GlobalAvgPool]: the average over all positions, CxHxW → Cx1x1 (an AdaptiveAvgPool2d(1) module), CxL → Cx1 (AdaptiveAvgPool1d(1)).</summary>
    public sealed record GlobalAvgPoolArgs;

    internal sealed class GlobalAvgPoolKind : LayerKind<GlobalAvgPoolArgs>
    {
        public static readonly GlobalAvgPoolKind Instance = new GlobalAvgPoolKind();
        GlobalAvgPoolKind() : base("GlobalAvgPool", "GlobalAvgPool", LayerRole.Functional) { }

        public override bool PoolsPositions => true;

        /// <summary>The whole map at once: a field of the whole input, not a window (Araujo et al.'s tables stop before it).</summary>
        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output) =>
            input.H == 1 && input.W == 1 ? Windows.Identity : (Windows?)null;

        public override LayerOutcome Rule(string path, TensorShape input, GlobalAvgPoolArgs a) =>
            input.IsMap ? LayerOutcome.Success(input.Resized(input.C, 1, 1)) : Messages.NeedsMap(path, Row, input);
    }
}
