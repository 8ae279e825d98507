using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[BatchNorm]: BatchNorm2d over the input's channels (inferred, or pinned with <see cref="In"/>).</summary>
    public sealed record BatchNormArgs
    {
        /// <summary>Pins the input channels (features for Linear) so the checker verifies them; inferred when null.</summary>
        public int? In { get; init; }
        /// <summary>Added to the variance (PyTorch's default; GoogLeNet and Inception use 1e-3).</summary>
        public double Eps { get; init; } = 1e-5;
        /// <summary>Running-statistics momentum (PyTorch's default; EfficientNet and MobileNetV3 use 0.01).</summary>
        public double Momentum { get; init; } = 0.1;
    }

    internal sealed class BatchNormKind : LayerKind<BatchNormArgs>
    {
        public static readonly BatchNormKind Instance = new BatchNormKind();
        BatchNormKind() : base("BatchNorm", "BatchNorm2d", LayerRole.Parameterized) { }

        public override bool OutputOverwritable => true;

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) =>
            new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" };

        public override LayerOutcome Rule(string path, TensorShape input, BatchNormArgs a)
        {
            if (!input.IsMap) return NeedsMap(path, Row, input);
            if (a.In.HasValue && a.In.Value != input.C) return Pinned(path, Row, a.In.Value, input.C, "channels", input);
            return LayerOutcome.Success(input, 2L * input.C);
        }
    }
}
