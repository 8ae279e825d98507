namespace NetDsl.Shapes
{
    /// <summary>[Dropout]: element-wise dropout with probability <see cref="P"/> (training only).</summary>
    public sealed record DropoutArgs
    {
        /// <summary>The probability of zeroing an element (a whole channel for Dropout2d), in [0, 1).</summary>
        public double P { get; init; } = 0.5;
    }

    internal sealed class DropoutKind : LayerKind<DropoutArgs>
    {
        public static readonly DropoutKind Instance = new DropoutKind();
        DropoutKind() : base("Dropout", "Dropout", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, DropoutArgs a) =>
            a.P < 0 || a.P >= 1 ? Messages.Probability(path, Row, a.P) : LayerOutcome.Success(input);
    }
}
