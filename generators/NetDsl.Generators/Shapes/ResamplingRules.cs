namespace NetDsl.Shapes
{
    /// <summary>Rules for layers that grow the map (transposed convolution, upsampling) and channel-wise layers.</summary>
    public static partial class LayerRules
    {
        public static LayerOutcome ConvTranspose2d(string path, TensorShape input, int outChannels, int kernel, int stride,
            int padding, int outputPadding, int dilation, int groups, bool bias, int? pinnedIn)
        {
            const string kind = "ConvTranspose2d";
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (outChannels <= 0) return Positive(path, kind, "out-channels", outChannels, "out");
            if (kernel <= 0) return Positive(path, kind, "kernel", kernel, "kernel");
            if (stride <= 0) return Positive(path, kind, "Stride", stride, "Stride");
            if (dilation <= 0) return Positive(path, kind, "Dilation", dilation, "Dilation");
            if (groups <= 0) return Positive(path, kind, "Groups", groups, "Groups");
            if (padding < 0) return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                $"{path}: {kind} Padding must be zero or positive, got {I(padding)}; use a padding ≥ 0.", "Padding");
            if (outputPadding < 0 || (outputPadding >= stride && outputPadding >= dilation))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} OutputPadding = {I(outputPadding)} must be ≥ 0 and smaller than the stride ({I(stride)}) or the dilation ({I(dilation)}); use OutputPadding < {I(System.Math.Max(stride, dilation))}.",
                    "OutputPadding");
            if (pinnedIn.HasValue && pinnedIn.Value != input.C) return Pinned(path, kind, pinnedIn.Value, input.C, "channels", input);
            if (input.C % groups != 0 || outChannels % groups != 0)
                return LayerOutcome.Fail(ShapeIssueIds.Groups,
                    $"{path}: {kind} Groups = {I(groups)} must divide both its in-channels ({I(input.C)}) and out-channels ({I(outChannels)}); choose a group count that divides both.",
                    "Groups");
            int h = TransposedSize(input.H, kernel, stride, padding, outputPadding, dilation);
            int w = TransposedSize(input.W, kernel, stride, padding, outputPadding, dilation);
            if (h <= 0 || w <= 0)
                return LayerOutcome.Fail(ShapeIssueIds.NonPositiveSize,
                    $"{path}: {kind} output would be {I(outChannels)}x{I(h)}x{I(w)} for input {input} (kernel {I(kernel)}, stride {I(stride)}, padding {I(padding)}); reduce the padding.",
                    "Padding");
            long weights = (long)input.C * (outChannels / groups) * kernel * kernel;
            return LayerOutcome.Success(new TensorShape(outChannels, h, w), weights + (bias ? outChannels : 0), weights * input.H * input.W);
        }

        /// <summary>PyTorch's transposed-convolution output size.</summary>
        public static int TransposedSize(int size, int kernel, int stride, int padding, int outputPadding, int dilation) =>
            (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;

        /// <summary>Upsampling by an integer scale, or to a target size (exactly one of the two).</summary>
        public static LayerOutcome Upsample(string path, TensorShape input, int? scale, int? height, int? width)
        {
            if (!input.IsMap) return NeedsMap(path, "Upsample", input);
            bool sized = height.HasValue || width.HasValue;
            if (scale.HasValue == sized || (sized && (!height.HasValue || !width.HasValue)))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: Upsample needs either a scale or both Height and Width; write [Upsample(2)] or [Upsample(Height = \"InH\", Width = \"InW\")].",
                    scale.HasValue ? "scale" : "Height");
            if (scale.HasValue)
            {
                if (scale.Value <= 0) return Positive(path, "Upsample", "scale", scale.Value, "scale");
                return LayerOutcome.Success(new TensorShape(input.C, input.H * scale.Value, input.W * scale.Value));
            }
            if (height!.Value <= 0) return Positive(path, "Upsample", "Height", height.Value, "Height");
            if (width!.Value <= 0) return Positive(path, "Upsample", "Width", width.Value, "Width");
            return LayerOutcome.Success(new TensorShape(input.C, height.Value, width.Value));
        }

        /// <summary>Local response normalization: keeps the shape; the window must be positive.</summary>
        public static LayerOutcome LocalResponseNorm(string path, TensorShape input, int size)
        {
            if (!input.IsMap) return NeedsMap(path, "LocalResponseNorm", input);
            if (size <= 0) return Positive(path, "LocalResponseNorm", "size", size, "size");
            return LayerOutcome.Success(input);
        }

        /// <summary>Squeeze-excitation as a layer: fc1 (C → squeeze) and fc2 (squeeze → C), 1x1 convolutions with bias.</summary>
        public static LayerOutcome SqueezeExcitation(string path, TensorShape input, int squeeze)
        {
            if (!input.IsMap) return NeedsMap(path, "SqueezeExcitation", input);
            if (squeeze <= 0)
                return LayerOutcome.Fail(ShapeIssueIds.SqueezeChannels,
                    $"{path}: SqueezeExcitation squeezes {input} to {I(squeeze)} channels; use at least 1 (e.g. \"max(1, C / 4)\").", "squeeze");
            long weights = 2L * input.C * squeeze;
            return LayerOutcome.Success(input, weights + squeeze + input.C, weights);
        }
    }
}
