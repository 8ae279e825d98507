using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// [LayerNorm]: PyTorch's LayerNorm over the last axis (a vector's features, a map's width, or the channels after
    /// [Permute(0, 2, 3, 1)]), with a weight and bias of that size. In pins the size.
    /// </summary>
    public sealed record LayerNormArgs
    {
        /// <summary>Pins the normalised size so the checker verifies it; inferred when null.</summary>
        public int? In { get; init; }
        /// <summary>Added to the variance for numerical stability.</summary>
        public double Eps { get; init; } = 1e-5;
    }

    internal sealed class LayerNormKind : LayerKind<LayerNormArgs>
    {
        public static readonly LayerNormKind Instance = new LayerNormKind();
        LayerNormKind() : base("LayerNorm", "LayerNorm", LayerRole.Parameterized) { }

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) => new[] { "weight", "bias" };

        public static int LastAxis(TensorShape input) => input.IsMap ? input.W : input.C;

        public override LayerOutcome Rule(string path, TensorShape input, LayerNormArgs a)
        {
            int size = LastAxis(input);
            if (a.In.HasValue && a.In.Value != size) return Pinned(path, Row, a.In.Value, size, "elements on its last axis", input);
            if (!(a.Eps > 0))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument, $"{path}: {Row} Eps must be positive; use a small value such as 1e-5.", "Eps");
            return LayerOutcome.Success(input, 2L * size, input.Elements);
        }
    }
}
