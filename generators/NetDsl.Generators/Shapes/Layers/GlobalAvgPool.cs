namespace NetDsl.Shapes
{
    /// <summary>[GlobalAvgPool]: the average over all positions, CxHxW → Cx1x1 (an AdaptiveAvgPool2d(1) module).</summary>
    public sealed record GlobalAvgPoolArgs;

    internal sealed class GlobalAvgPoolKind : LayerKind<GlobalAvgPoolArgs>
    {
        public static readonly GlobalAvgPoolKind Instance = new GlobalAvgPoolKind();
        GlobalAvgPoolKind() : base("GlobalAvgPool", "GlobalAvgPool", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, GlobalAvgPoolArgs a) =>
            input.IsMap ? LayerOutcome.Success(new TensorShape(input.C, 1, 1)) : Messages.NeedsMap(path, Row, input);
    }
}
