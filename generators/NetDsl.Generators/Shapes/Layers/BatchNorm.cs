using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[BatchNorm]: BatchNorm2d over the input's channels (inferred, or pinned with <see cref="In"/>); BatchNorm1d on a CxL map.</summary>
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
        BatchNormKind() : base("BatchNorm", "BatchNorm2d", LayerRole.Parameterized, factory: "BatchNorm", row1d: "BatchNorm1d") { }

        public override bool OutputOverwritable => true;

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) =>
            new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" };

        /// <summary>Over a 1x1 map each channel's statistics come from the batch alone: noisy, and undefined for a batch of one.</summary>
        public override ShapeIssue? Lint(string path, TensorShape input, object args, TensorShape output) =>
            input.IsMap && input.H == 1 && input.W == 1
                ? new ShapeIssue(ShapeIssueIds.BatchNormOnePixelLint,
                    $"{path}: {RowAt(input)} over a {(input.Is1d ? "length-1" : "1x1")} map ({input}) normalises each channel over the batch alone, one value per sample: noisy statistics, and a batch of 1 cannot train; normalise before the pooling, or drop the norm here.")
                : null;

        public override LayerOutcome Rule(string path, TensorShape input, BatchNormArgs a)
        {
            string kind = RowAt(input);
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (a.In.HasValue && a.In.Value != input.C) return Pinned(path, kind, a.In.Value, input.C, "channels", input);
            return LayerOutcome.Success(input, 2L * input.C);
        }
    }
}
