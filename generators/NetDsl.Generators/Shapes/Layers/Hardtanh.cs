using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>[Hardtanh]: x clamped to [<see cref="Min"/>, <see cref="Max"/>] (PyTorch's Hardtanh; ReLU6 is Hardtanh(0, 6)).</summary>
    public sealed record HardtanhArgs
    {
        /// <summary>The lower bound (PyTorch's min_val).</summary>
        public double Min { get; init; } = -1;
        /// <summary>The upper bound (PyTorch's max_val).</summary>
        public double Max { get; init; } = 1;
    }

    /// <summary>Keeps the shape; the bounds must be ordered (PyTorch asserts max_val &gt; min_val).</summary>
    internal sealed class HardtanhKind : LayerKind<HardtanhArgs>
    {
        public static readonly HardtanhKind Instance = new HardtanhKind();
        HardtanhKind() : base("Hardtanh", "Hardtanh", LayerRole.Functional) { }

        public override bool TakesInplace => true;

        /// <summary>An infinite bound clamps one side only (PyTorch accepts it).</summary>
        public override bool AcceptsInfinity(string argument) => true;

        public override LayerOutcome Rule(string path, TensorShape input, HardtanhArgs a) =>
            a.Max > a.Min ? LayerOutcome.Success(input)
                : LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: Hardtanh's max {F(a.Max)} must be above its min {F(a.Min)}; write [Hardtanh(min, max)] with min < max.", "Max");

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }
}
