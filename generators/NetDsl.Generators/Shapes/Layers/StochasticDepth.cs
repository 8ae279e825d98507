namespace NetDsl.Shapes
{
    /// <summary>
    /// [StochasticDepth(p)]: torchvision's stochastic_depth. In training, row mode (the default) zeroes each sample's tensor with
    /// probability P and scales the rest by 1 / (1 - P); batch mode draws once for the whole batch (all zeroed, or all
    /// scaled). The identity in eval and at P = 0. Also the DropPath of [Residual(StochasticDepth = p)].
    /// </summary>
    public sealed record StochasticDepthArgs
    {
        /// <summary>The probability of dropping a sample (the batch, in batch mode) in training, in [0, 1).</summary>
        public required double P { get; init; }
        /// <summary>"row": one draw per sample (torchvision's mode="row"); "batch": one draw for the whole batch (mode="batch").</summary>
        public string Mode { get; init; } = RowMode;

        /// <summary>The modes torchvision's stochastic_depth takes.</summary>
        public const string RowMode = "row", BatchMode = "batch";
    }

    internal sealed class StochasticDepthKind : LayerKind<StochasticDepthArgs>
    {
        public static readonly StochasticDepthKind Instance = new StochasticDepthKind();
        StochasticDepthKind() : base("StochasticDepth", "StochasticDepth", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, StochasticDepthArgs a)
        {
            if (a.P < 0 || a.P >= 1) return Messages.Probability(path, Row, a.P);
            if (a.Mode != StochasticDepthArgs.RowMode && a.Mode != StochasticDepthArgs.BatchMode)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: StochasticDepth's mode is \"row\" or \"batch\", got \"{a.Mode}\"; write Mode = \"row\" (one draw per sample) or \"batch\" (one for the batch).",
                    "Mode");
            return LayerOutcome.Success(input);
        }
    }
}
