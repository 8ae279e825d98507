namespace NetDsl.Shapes
{
    /// <summary>
    /// [SqueezeExcitation]: squeeze-excitation as a layer (torchvision's SqueezeExcitation): fc1 (C → squeeze) and
    /// fc2 (squeeze → C), 1x1 convolutions with bias, <see cref="Act"/> between them and <see cref="Gate"/> on the scale.
    /// </summary>
    public sealed record SqueezeExcitationArgs
    {
        /// <summary>The squeezed channels.</summary>
        public required int Squeeze { get; init; }
        /// <summary>The activation after the squeeze.</summary>
        public Act Act { get; init; } = Act.ReLU;
        /// <summary>The gate before scaling.</summary>
        public Act Gate { get; init; } = Act.Sigmoid;
    }

    internal sealed class SqueezeExcitationKind : LayerKind<SqueezeExcitationArgs>
    {
        public static readonly SqueezeExcitationKind Instance = new SqueezeExcitationKind();
        SqueezeExcitationKind() : base("SqueezeExcitation", "SqueezeExcitation", LayerRole.Parameterized) { }

        public override bool OutputOverwritable => true;

        /// <summary>torchvision's SqueezeExcitation pools and scales a 2-D map (1x1 Conv2d fc layers).</summary>
        public override string? OneDimensionalFix => SqueezeExcitePlan.OneDimensionalFix;

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) =>
            new[] { "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias" };

        public override LayerOutcome Rule(string path, TensorShape input, SqueezeExcitationArgs a)
        {
            if (!input.IsMap) return Messages.NeedsMap(path, Row, input);
            if (a.Squeeze <= 0)
                return LayerOutcome.Fail(ShapeIssueIds.SqueezeChannels,
                    $"{path}: SqueezeExcitation squeezes {input} to {Messages.I(a.Squeeze)} channels; use at least 1 (e.g. \"max(1, C / 4)\").", "Squeeze");
            long weights = 2L * input.C * a.Squeeze;
            return LayerOutcome.Success(input, weights + a.Squeeze + input.C, weights);
        }
    }
}
