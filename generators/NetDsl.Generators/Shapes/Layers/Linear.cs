using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// [Linear]: a fully connected layer over a flat vector; in-features inferred or pinned with <see cref="In"/>. With
    /// <see cref="LastDim"/> it maps the last axis of a map instead, as PyTorch's Linear does on any rank (ConvNeXt's
    /// channels-last MLP after [Permute(0, 2, 3, 1)]).
    /// </summary>
    public sealed record LinearArgs
    {
        /// <summary>Output features.</summary>
        public required int OutFeatures { get; init; }
        /// <summary>Whether the layer adds a learnable bias.</summary>
        public bool Bias { get; init; } = true;
        /// <summary>Pins the input channels (features for Linear) so the checker verifies them; inferred when null.</summary>
        public int? In { get; init; }
        /// <summary>Maps the last axis of a map (channels after a channels-last [Permute]) instead of a flat vector.</summary>
        public bool LastDim { get; init; }
    }

    internal sealed class LinearKind : LayerKind<LinearArgs>
    {
        public static readonly LinearKind Instance = new LinearKind();
        LinearKind() : base("Linear", "Linear", LayerRole.Parameterized) { }

        public override bool OutputOverwritable => true;

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) => ConvKind.WeightAndBias(((LinearArgs)args).Bias);

        public override LayerOutcome Rule(string path, TensorShape input, LinearArgs a)
        {
            if (input.IsMap && a.LastDim) return OverLastAxis(path, input, a);
            if (input.IsMap)
                return LayerOutcome.Fail(ShapeIssueIds.NotFlattened,
                    $"{path}: Linear needs a flat feature vector but its input is {input}; add [Flatten] before it (or [GlobalAvgPool, Flatten] to pool first).");
            if (a.OutFeatures <= 0) return Positive(path, Row, "out-features", a.OutFeatures, "OutFeatures");
            if (a.In.HasValue && a.In.Value != input.C) return Pinned(path, Row, a.In.Value, input.C, "features", input);
            long weights = (long)input.C * a.OutFeatures;
            return LayerOutcome.Success(TensorShape.Vector(a.OutFeatures), weights + (a.Bias ? a.OutFeatures : 0), weights);
        }

        /// <summary>LastDim on a map: the last axis (W in the tracked shape) becomes OutFeatures at every other position.</summary>
        LayerOutcome OverLastAxis(string path, TensorShape input, LinearArgs a)
        {
            if (a.OutFeatures <= 0) return Positive(path, Row, "out-features", a.OutFeatures, "OutFeatures");
            if (a.In.HasValue && a.In.Value != input.W) return Pinned(path, Row, a.In.Value, input.W, "elements on its last axis", input);
            long weights = (long)input.W * a.OutFeatures;
            return LayerOutcome.Success(input.Resized(input.C, input.H, a.OutFeatures), weights + (a.Bias ? a.OutFeatures : 0), weights * input.C * input.H);
        }
    }
}
