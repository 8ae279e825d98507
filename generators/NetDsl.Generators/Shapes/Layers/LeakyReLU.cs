namespace NetDsl.Shapes
{
    /// <summary>[LeakyReLU]: max(x, slope · x).</summary>
    public sealed record LeakyReLUArgs
    {
        /// <summary>The slope for negative inputs.</summary>
        public double Slope { get; init; } = 0.01;
    }

    internal sealed class LeakyReLUKind : LayerKind<LeakyReLUArgs>
    {
        public static readonly LeakyReLUKind Instance = new LeakyReLUKind();
        LeakyReLUKind() : base("LeakyReLU", "LeakyReLU", LayerRole.Functional) { }

        public override bool TakesInplace => true;

        public override LayerOutcome Rule(string path, TensorShape input, LeakyReLUArgs a) => LayerOutcome.Success(input);
    }
}
