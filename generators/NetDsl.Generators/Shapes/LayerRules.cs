using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>
    /// One shape rule per layer kind: the single source of truth used by the generator (compile-time
    /// checks, parameter and multiply-add counts) and by generated constructors (run-time guards).
    /// Every message starts with the layer path and ends with a fix.
    /// </summary>
    public static partial class LayerRules
    {
        /// <summary>A 2-D convolution; <paramref name="kind"/> names the layer in messages (DeformConv2d reuses this rule).</summary>
        public static LayerOutcome Conv2d(string path, TensorShape input, int outChannels, int kernel, int stride,
            int padding, int dilation, int groups, bool bias, int? pinnedIn, string kind = "Conv2d")
        {
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (outChannels <= 0) return Positive(path, kind, "out-channels", outChannels, "out");
            if (kernel <= 0) return Positive(path, kind, "kernel", kernel, "kernel");
            if (stride <= 0) return Positive(path, kind, "Stride", stride, "Stride");
            if (dilation <= 0) return Positive(path, kind, "Dilation", dilation, "Dilation");
            if (groups <= 0) return Positive(path, kind, "Groups", groups, "Groups");
            if (padding < 0) return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                $"{path}: {kind} Padding must be zero or positive, got {I(padding)}; use a padding ≥ 0.", "Padding");
            if (pinnedIn.HasValue && pinnedIn.Value != input.C)
                return Pinned(path, kind, pinnedIn.Value, input.C, "channels", input);
            if (input.C % groups != 0 || outChannels % groups != 0)
                return LayerOutcome.Fail(ShapeIssueIds.Groups,
                    $"{path}: {kind} Groups = {I(groups)} must divide both its in-channels ({I(input.C)}) and out-channels ({I(outChannels)}); choose a group count that divides both.",
                    "Groups");
            int h = ConvSize(input.H, kernel, stride, padding, dilation, false);
            int w = ConvSize(input.W, kernel, stride, padding, dilation, false);
            if (h <= 0 || w <= 0)
                return TooSmall(path, kind, input, outChannels, h, w, kernel, stride, padding, dilation);
            long weights = (long)outChannels * (input.C / groups) * kernel * kernel;
            var output = new TensorShape(outChannels, h, w);
            return LayerOutcome.Success(output, weights + (bias ? outChannels : 0), weights * h * w);
        }

        public static LayerOutcome BatchNorm2d(string path, TensorShape input, int? pinnedFeatures)
        {
            if (!input.IsMap) return NeedsMap(path, "BatchNorm2d", input);
            if (pinnedFeatures.HasValue && pinnedFeatures.Value != input.C)
                return Pinned(path, "BatchNorm2d", pinnedFeatures.Value, input.C, "channels", input);
            return LayerOutcome.Success(input, 2L * input.C);
        }

        public static LayerOutcome Pool2d(string path, string kind, TensorShape input, int kernel, int stride,
            int padding, bool ceilMode)
        {
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (kernel <= 0) return Positive(path, kind, "kernel", kernel, "kernel");
            if (stride <= 0) return Positive(path, kind, "Stride", stride, "Stride");
            if (padding < 0 || padding * 2 > kernel)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} Padding = {I(padding)} must be between 0 and half the kernel ({I(kernel)}); reduce the padding.",
                    "Padding");
            int h = ConvSize(input.H, kernel, stride, padding, 1, ceilMode);
            int w = ConvSize(input.W, kernel, stride, padding, 1, ceilMode);
            if (h <= 0 || w <= 0) return TooSmall(path, kind, input, input.C, h, w, kernel, stride, padding, 1);
            return LayerOutcome.Success(new TensorShape(input.C, h, w));
        }

        public static LayerOutcome AdaptiveAvgPool2d(string path, TensorShape input, int height, int width)
        {
            if (!input.IsMap) return NeedsMap(path, "AdaptiveAvgPool2d", input);
            if (height <= 0) return Positive(path, "AdaptiveAvgPool2d", "output height", height, "height");
            if (width <= 0) return Positive(path, "AdaptiveAvgPool2d", "output width", width, "width");
            return LayerOutcome.Success(new TensorShape(input.C, height, width));
        }

        public static LayerOutcome GlobalAvgPool(string path, TensorShape input) =>
            input.IsMap ? LayerOutcome.Success(new TensorShape(input.C, 1, 1)) : NeedsMap(path, "GlobalAvgPool", input);

        public static LayerOutcome Flatten(string path, TensorShape input) =>
            LayerOutcome.Success(TensorShape.Vector(checked((int)input.Elements)));

        /// <summary>Activations, dropout and other layers that keep the shape.</summary>
        public static LayerOutcome Elementwise(string path, string kind, TensorShape input, double? probability = null)
        {
            if (probability.HasValue && (probability.Value < 0 || probability.Value >= 1))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} probability must be in [0, 1), got {probability.Value.ToString("R", CultureInfo.InvariantCulture)}; use a value such as 0.5.",
                    "p");
            return LayerOutcome.Success(input);
        }

        public static LayerOutcome Linear(string path, TensorShape input, int outFeatures, bool bias, int? pinnedIn)
        {
            if (input.IsMap)
                return LayerOutcome.Fail(ShapeIssueIds.NotFlattened,
                    $"{path}: Linear needs a flat feature vector but its input is {input}; add [Flatten] before it (or [GlobalAvgPool, Flatten] to pool first).");
            if (outFeatures <= 0) return Positive(path, "Linear", "out-features", outFeatures, "out");
            if (pinnedIn.HasValue && pinnedIn.Value != input.C)
                return Pinned(path, "Linear", pinnedIn.Value, input.C, "features", input);
            long weights = (long)input.C * outFeatures;
            return LayerOutcome.Success(TensorShape.Vector(outFeatures), weights + (bias ? outFeatures : 0), weights);
        }

        /// <summary>The element-wise add that closes a residual block: body and shortcut must agree.</summary>
        public static ShapeIssue? ResidualAdd(string path, TensorShape body, TensorShape shortcut, bool projected)
        {
            if (body == shortcut) return null;
            string fix = projected
                ? "make the projection and the body produce the same shape."
                : "add Projection = \"downsample\" to [Residual] or make the body keep the shape.";
            if (body.Rank != shortcut.Rank || body.C != shortcut.C)
                return new ShapeIssue(ShapeIssueIds.ResidualChannels,
                    $"{path}: residual add of body output {body} and shortcut {shortcut}: channel counts differ ({I(body.C)} vs {I(shortcut.C)}); {fix}");
            return new ShapeIssue(ShapeIssueIds.ResidualSpatial,
                $"{path}: residual add of body output {body} and shortcut {shortcut}: spatial sizes differ ({I(body.H)}x{I(body.W)} vs {I(shortcut.H)}x{I(shortcut.W)}); {fix}");
        }

        /// <summary>
        /// Squeeze-excite on <paramref name="input"/>: its two 1x1 convolutions with bias (fc1 to C / reduction
        /// channels, fc2 back to C) on the pooled Cx1x1 map; the block's shape is unchanged.
        /// </summary>
        public static ShapeIssue? SqueezeExcite(string path, TensorShape input, int reduction, out LayerOutcome fc1, out LayerOutcome fc2)
        {
            fc1 = fc2 = default;
            if (!input.IsMap) return NeedsMap(path, "SqueezeExcite", input).Issue;
            if (reduction <= 0) return Positive(path, "SqueezeExcite", "reduction", reduction, "reduction").Issue;
            int squeezed = input.C / reduction;
            if (squeezed < 1)
                return new ShapeIssue(ShapeIssueIds.SqueezeChannels,
                    $"{path}: SqueezeExcite reduction {I(reduction)} leaves {I(input.C)} / {I(reduction)} = 0 channels; use a reduction ≤ {I(input.C)}.",
                    "reduction");
            fc1 = Conv2d(path + ".fc1", new TensorShape(input.C, 1, 1), squeezed, 1, 1, 0, 1, 1, true, null);
            fc2 = Conv2d(path + ".fc2", fc1.Output, input.C, 1, 1, 0, 1, 1, true, null);
            return null;
        }

        /// <summary>Element-wise add of parallel branches: shapes must agree exactly.</summary>
        /// <remarks><paramref name="spatialFix"/> replaces the fix a size mismatch suggests (a wired merge knows a better one).</remarks>
        public static LayerOutcome Add(string path, TensorShape left, TensorShape right, string? spatialFix = null)
        {
            if (left == right) return LayerOutcome.Success(left);
            if (left.Rank != right.Rank || left.C != right.C)
                return LayerOutcome.Fail(ShapeIssueIds.ResidualChannels,
                    $"{path}: add of {left} and {right}: channel counts differ ({I(left.C)} vs {I(right.C)}); make every branch end with {I(left.C)} channels.");
            return LayerOutcome.Fail(ShapeIssueIds.ResidualSpatial,
                $"{path}: add of {left} and {right}: spatial sizes differ ({I(left.H)}x{I(left.W)} vs {I(right.H)}x{I(right.W)}); {spatialFix ?? "keep every branch's size (stride 1, padding dilation · (kernel - 1) / 2)"}.");
        }

        /// <summary>One step of merging parallel branches: channel concat or element-wise add.</summary>
        public static LayerOutcome Merge(string path, bool concat, TensorShape merged, TensorShape branch) =>
            concat ? Concat(path, merged, branch) : Add(path, merged, branch);

        /// <summary>Channel concatenation of a skip's input and its body's output: spatial sizes must agree.</summary>
        /// <remarks><paramref name="spatialFix"/> replaces the fix a size mismatch suggests (a wired merge knows a better one).</remarks>
        public static LayerOutcome Concat(string path, TensorShape input, TensorShape body, string? spatialFix = null)
        {
            if (!input.IsMap || !body.IsMap)
                return LayerOutcome.Fail(ShapeIssueIds.NeedsFeatureMap,
                    $"{path}: concat needs CxHxW feature maps but got {input} and {body}; concatenate before [Flatten].");
            if (input.H != body.H || input.W != body.W)
                return LayerOutcome.Fail(ShapeIssueIds.ConcatSpatial,
                    $"{path}: concat of {input} and {body}: spatial sizes differ ({I(input.H)}x{I(input.W)} vs {I(body.H)}x{I(body.W)}); {spatialFix ?? "keep the body's size (stride 1, padding (kernel - 1) / 2) or concatenate after matching pooling"}.");
            return LayerOutcome.Success(new TensorShape(input.C + body.C, input.H, input.W));
        }

        /// <summary>
        /// The stride a 1x1 projection needs to take <paramref name="input"/> to the body's spatial size,
        /// or 0 when no integer stride does.
        /// </summary>
        public static int ProjectionStride(TensorShape input, TensorShape body)
        {
            if (!input.IsMap || !body.IsMap || body.H <= 0 || body.W <= 0) return 0;
            // Either side may be 1 (every stride gives 1 there), so try the stride each side suggests.
            foreach (int s in new[] { (input.H + body.H - 1) / body.H, (input.W + body.W - 1) / body.W })
                if (s >= 1 && ConvSize(input.H, 1, s, 0, 1, false) == body.H && ConvSize(input.W, 1, s, 0, 1, false) == body.W) return s;
            return 0;
        }

        /// <summary>PyTorch's output-size formula for convolution and pooling (floor or ceil mode).</summary>
        public static int ConvSize(int size, int kernel, int stride, int padding, int dilation, bool ceilMode)
        {
            long span = (long)size + 2L * padding - (long)dilation * (kernel - 1) - 1;
            if (span < 0) return 0;
            long outSize = ceilMode ? (span + stride - 1) / stride + 1 : span / stride + 1;
            // PyTorch drops a last ceil-mode window that would start entirely in the padding.
            if (ceilMode && (outSize - 1) * stride >= size + padding) outSize--;
            return (int)outSize;
        }

        static LayerOutcome TooSmall(string path, string kind, TensorShape input, int channels, int h, int w, int kernel, int stride, int padding, int dilation)
        {
            string what = $"(kernel {I(kernel)}, stride {I(stride)}, padding {I(padding)}" + (dilation != 1 ? $", dilation {I(dilation)})" : ")");
            return LayerOutcome.Fail(ShapeIssueIds.NonPositiveSize,
                $"{path}: {kind} output would be {I(channels)}x{I(h)}x{I(w)} for input {input} {what}; the input is too small: use a larger input, more padding or a smaller kernel or stride.",
                "kernel");
        }

        static LayerOutcome NeedsMap(string path, string kind, TensorShape input) =>
            LayerOutcome.Fail(ShapeIssueIds.NeedsFeatureMap,
                $"{path}: {kind} needs a CxHxW feature map but its input is the flat vector {input}; move it before [Flatten] or declare a CxHxW Input.");

        static LayerOutcome Positive(string path, string kind, string what, int value, string argument) =>
            LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                $"{path}: {kind} {what} must be positive, got {I(value)}; use a value ≥ 1.", argument);

        static LayerOutcome Pinned(string path, string kind, int pinned, int actual, string unit, TensorShape input) =>
            LayerOutcome.Fail(ShapeIssueIds.PinnedSize,
                $"{path}: {kind} declares In = {I(pinned)} but its input {input} has {I(actual)} {unit}; set In = {I(actual)} or remove In to infer it.",
                "In");

        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
