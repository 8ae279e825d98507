using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[Upsample]: by an integer <see cref="Scale"/>, or to <see cref="Height"/> x <see cref="Width"/> (exactly one of the two).</summary>
    public sealed record UpsampleArgs
    {
        /// <summary>The integer scale factor, or null.</summary>
        public int? Scale { get; init; }
        /// <summary>Output height.</summary>
        public int? Height { get; init; }
        /// <summary>Output width.</summary>
        public int? Width { get; init; }
        /// <summary>The interpolation.</summary>
        public Interpolation Mode { get; init; } = Interpolation.Nearest;
        /// <summary>Only meaningful for bilinear; PyTorch rejects it for nearest, so the runtime drops it there.</summary>
        public bool AlignCorners { get; init; }
    }

    internal sealed class UpsampleKind : LayerKind<UpsampleArgs>
    {
        public static readonly UpsampleKind Instance = new UpsampleKind();
        UpsampleKind() : base("Upsample", "Upsample", LayerRole.Functional) { }

        /// <summary>The runtime, ONNX and model.py forms resize a 2-D map (a height and a width).</summary>
        public override string? OneDimensionalFix => "lengthen a 1-D map with [ConvTranspose] (ConvTranspose1d, e.g. Kernel = 2, Stride = 2)";

        public override LayerOutcome Rule(string path, TensorShape input, UpsampleArgs a)
        {
            if (!input.IsMap) return NeedsMap(path, Row, input);
            bool sized = a.Height.HasValue || a.Width.HasValue;
            if (a.Scale.HasValue == sized || (sized && (!a.Height.HasValue || !a.Width.HasValue)))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: Upsample needs either a scale or both Height and Width; write [Upsample(2)] or [Upsample(Height = \"InH\", Width = \"InW\")].",
                    a.Scale.HasValue ? "Scale" : "Height");
            if (a.Scale.HasValue)
            {
                if (a.Scale.Value <= 0) return Positive(path, Row, "scale", a.Scale.Value, "Scale");
                long h = (long)input.H * a.Scale.Value, w = (long)input.W * a.Scale.Value;
                return Messages.TooLarge(path, Row, input.C, h, w, "Scale", "Scale") ?? LayerOutcome.Success(new TensorShape(input.C, (int)h, (int)w));
            }
            if (a.Height!.Value <= 0) return Positive(path, Row, "Height", a.Height.Value, "Height");
            if (a.Width!.Value <= 0) return Positive(path, Row, "Width", a.Width.Value, "Width");
            return LayerOutcome.Success(new TensorShape(input.C, a.Height.Value, a.Width.Value));
        }
    }
}
