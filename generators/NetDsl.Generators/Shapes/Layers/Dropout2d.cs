namespace NetDsl.Shapes
{
    /// <summary>[Dropout2d]: drops whole channels with probability <see cref="P"/> (training only).</summary>
    public sealed record Dropout2dArgs
    {
        /// <summary>The probability of zeroing an element (a whole channel for Dropout2d), in [0, 1).</summary>
        public double P { get; init; } = 0.5;
    }

    internal sealed class Dropout2dKind : LayerKind<Dropout2dArgs>
    {
        public static readonly Dropout2dKind Instance = new Dropout2dKind();
        Dropout2dKind() : base("Dropout2d", "Dropout2d", LayerRole.Functional) { }

        /// <summary>Dropout2d on an N x C x L batch would drop along the wrong axis (PyTorch warns and reads it unbatched).</summary>
        public override string? OneDimensionalFix => "use [Dropout] on a 1-D map (PyTorch's Dropout2d reads an N x C x L batch as one unbatched C x H x W sample)";

        public override LayerOutcome Rule(string path, TensorShape input, Dropout2dArgs a) =>
            a.P < 0 || a.P >= 1 ? Messages.Probability(path, Row, a.P) : LayerOutcome.Success(input);
    }
}
