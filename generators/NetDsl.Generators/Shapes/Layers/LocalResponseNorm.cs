namespace NetDsl.Shapes
{
    /// <summary>[LRN]: local response normalization across <see cref="Size"/> neighbouring channels (AlexNet, GoogLeNet).</summary>
    public sealed record LocalResponseNormArgs
    {
        public required int Size { get; init; }
        public double Alpha { get; init; } = 1e-4;
        public double Beta { get; init; } = 0.75;
        public double K { get; init; } = 1.0;
    }

    public sealed class LocalResponseNormKind : LayerKind<LocalResponseNormArgs>
    {
        public static readonly LocalResponseNormKind Instance = new LocalResponseNormKind();
        LocalResponseNormKind() : base("LRN", "LocalResponseNorm", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, LocalResponseNormArgs a)
        {
            if (!input.IsMap) return Messages.NeedsMap(path, Row, input);
            if (a.Size <= 0) return Messages.Positive(path, Row, "size", a.Size, "Size");
            return LayerOutcome.Success(input);
        }
    }
}
