namespace NetDsl.Shapes
{
    /// <summary>
    /// [StochasticDepth(p)]: torchvision's stochastic_depth in row mode: in training each sample's tensor is zeroed with
    /// probability P and the rest scaled by 1 / (1 - P); the identity in eval. Also the DropPath of [Residual(StochasticDepth = p)].
    /// </summary>
    public sealed record StochasticDepthArgs
    {
        /// <summary>The probability of dropping a sample in training, in [0, 1).</summary>
        public required double P { get; init; }
    }

    internal sealed class StochasticDepthKind : LayerKind<StochasticDepthArgs>
    {
        public static readonly StochasticDepthKind Instance = new StochasticDepthKind();
        StochasticDepthKind() : base("StochasticDepth", "StochasticDepth", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, StochasticDepthArgs a) =>
            a.P < 0 || a.P >= 1 ? Messages.Probability(path, Row, a.P) : LayerOutcome.Success(input);
    }
}
