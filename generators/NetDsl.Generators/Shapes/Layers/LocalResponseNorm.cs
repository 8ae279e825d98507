namespace NetDsl.Shapes
{
    /// <summary>[LRN]: local response normalization across <see cref="Size"/> neighbouring channels (AlexNet, GoogLeNet).</summary>
    public sealed record LocalResponseNormArgs
    {
        /// <summary>Neighbouring channels summed over.</summary>
        public required int Size { get; init; }
        /// <summary>Multiplicative factor (PyTorch's default 1e-4).</summary>
        public double Alpha { get; init; } = 1e-4;
        /// <summary>Exponent (PyTorch's default 0.75).</summary>
        public double Beta { get; init; } = 0.75;
        /// <summary>Additive factor (PyTorch's default 1).</summary>
        public double K { get; init; } = 1.0;
    }

    internal sealed class LocalResponseNormKind : LayerKind<LocalResponseNormArgs>
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
