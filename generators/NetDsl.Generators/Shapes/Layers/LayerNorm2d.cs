using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[LayerNorm2d]: LayerNorm over the channels at each position of a CxHxW map (torchvision's ConvNeXt LayerNorm2d); weight and bias of C.</summary>
    public sealed record LayerNorm2dArgs
    {
        /// <summary>Pins the channels so the checker verifies them; inferred when null.</summary>
        public int? In { get; init; }
        /// <summary>Added to the variance for numerical stability.</summary>
        public double Eps { get; init; } = 1e-5;
    }

    internal sealed class LayerNorm2dKind : LayerKind<LayerNorm2dArgs>
    {
        public static readonly LayerNorm2dKind Instance = new LayerNorm2dKind();
        LayerNorm2dKind() : base("LayerNorm2d", "LayerNorm2d", LayerRole.Parameterized) { }

        /// <summary>ConvNeXt's channels norm over a 2-D map; PyTorch has no 1-D twin.</summary>
        public override string? OneDimensionalFix => "normalise a 1-D map's channels with [BatchNorm] (BatchNorm1d), or its length with [LayerNorm]";

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) => new[] { "weight", "bias" };

        public override LayerOutcome Rule(string path, TensorShape input, LayerNorm2dArgs a)
        {
            if (!input.IsMap) return NeedsMap(path, Row, input);
            if (a.In.HasValue && a.In.Value != input.C) return Pinned(path, Row, a.In.Value, input.C, "channels", input);
            if (!(a.Eps > 0))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument, $"{path}: {Row} Eps must be positive; use a small value such as 1e-6.", "Eps");
            return LayerOutcome.Success(input, 2L * input.C, input.Elements);
        }
    }
}
