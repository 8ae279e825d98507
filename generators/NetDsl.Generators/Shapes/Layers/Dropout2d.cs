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

        public override LayerOutcome Rule(string path, TensorShape input, Dropout2dArgs a) =>
            a.P < 0 || a.P >= 1 ? Messages.Probability(path, Row, a.P) : LayerOutcome.Success(input);
    }
}
