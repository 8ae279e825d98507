using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>
    /// The message templates every rule shares. Each message starts with the layer path, names the shapes
    /// and ends with a fix; the same text is the compile-time diagnostic and the run-time guard's exception.
    /// </summary>
    internal static class Messages
    {
        public static LayerOutcome TooSmall(string path, string kind, TensorShape input, int channels, int h, int w, int kernel, int stride, int padding, int dilation)
        {
            string what = $"(kernel {I(kernel)}, stride {I(stride)}, padding {I(padding)}" + (dilation != 1 ? $", dilation {I(dilation)})" : ")");
            string cause = $"{path}: {kind} output would be {Dims(input, channels, h, w)} for input {input} {what}; the input is too small";
            // A kernel that fits the map undilated is too wide only through its dilation: the dilation is the argument to blame.
            int side = input.Is1d ? input.W : System.Math.Min(input.H, input.W);
            string blamed = dilation > 1 && kernel <= side + 2 * padding ? "Dilation" : "kernel";
            return LayerOutcome.Fail(ShapeIssueIds.NonPositiveSize, cause + ": use a larger input, more padding or a smaller kernel or stride.", blamed, cause);
        }

        public static LayerOutcome NeedsMap(string path, string kind, TensorShape input)
        {
            string cause = $"{path}: {kind} needs a CxHxW feature map but its input is the flat vector {input}";
            return LayerOutcome.Fail(ShapeIssueIds.NeedsFeatureMap, cause + "; move it before [Flatten] or declare a CxHxW Input.", "", cause);
        }

        /// <summary>
        /// ND0025: a kind (or an argument: <paramref name="argument"/>) that works on CxHxW maps only, given the CxL map
        /// <paramref name="input"/>; <paramref name="fix"/> says what to write instead.
        /// </summary>
        public static LayerOutcome TwoDimensionalOnly(string path, string kind, TensorShape input, string fix, string argument = "")
        {
            string cause = $"{path}: {kind} works on CxHxW maps only, but its input is the 1-D map {input} (CxL)";
            return LayerOutcome.Fail(ShapeIssueIds.TwoDimensionalOnly, cause + "; " + fix + ".", argument, cause);
        }

        /// <summary>ND0025 for a height-or-width argument written on a layer whose input is a CxL map, at that argument.</summary>
        public static LayerOutcome WidthArgument(string path, string kind, TensorShape input, string argument, string fix)
        {
            string cause = $"{path}: {kind} on the 1-D map {input} (CxL) has one axis, so {argument} (a CxHxW map's width) does not apply";
            return LayerOutcome.Fail(ShapeIssueIds.TwoDimensionalOnly, cause + "; " + fix + ".", argument, cause);
        }

        /// <summary>An output written as its rank reads: "4x0x0" for a CxHxW input, "4x0" (C x L) for a CxL one.</summary>
        public static string Dims(TensorShape input, int channels, int h, int w) =>
            input.Is1d ? I(channels) + "x" + I(w) : I(channels) + "x" + I(h) + "x" + I(w);

        /// <summary>A map's positions as its rank reads: "16x16" (H x W), or "32" (L) for a CxL map.</summary>
        public static string Size(TensorShape shape) => shape.Is1d ? I(shape.W) : I(shape.H) + "x" + I(shape.W);

        public static LayerOutcome Positive(string path, string kind, string what, int value, string argument) =>
            LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                $"{path}: {kind} {what} must be positive, got {I(value)}; use a value ≥ 1.", argument);

        public static LayerOutcome Pinned(string path, string kind, int pinned, int actual, string unit, TensorShape input)
        {
            string cause = $"{path}: {kind} declares In = {I(pinned)} but its input {input} has {I(actual)} {unit}";
            return LayerOutcome.Fail(ShapeIssueIds.PinnedSize, cause + $"; set In = {I(actual)} or remove In to infer it.", "In", cause);
        }

        public static LayerOutcome NonNegative(string path, string kind, string argument, int value) =>
            LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                $"{path}: {kind} {argument} must be zero or positive, got {I(value)}; use a {argument.ToLowerInvariant()} ≥ 0.", argument);

        /// <summary>Groups that do not divide the channels: the fix names the nearest group count dividing both and, when the
        /// in-channels allow the grouping, the nearest out-channel count the groups divide.</summary>
        public static LayerOutcome Groups(string path, string kind, int groups, int inChannels, int outChannels)
        {
            string cause = $"{path}: {kind} Groups = {I(groups)} must divide both its in-channels ({I(inChannels)}) and out-channels ({I(outChannels)})";
            int divisor = Nearest.Divisor(Nearest.Gcd(inChannels, outChannels), groups);
            string fix = $"use Groups = {I(divisor)} (the nearest count that divides both)";
            if (inChannels % groups == 0) fix += $" or OutChannels = {I(Nearest.Multiple(outChannels, groups))} (the nearest multiple of {I(groups)})";
            return LayerOutcome.Fail(ShapeIssueIds.Groups, cause + "; " + fix + ".", "Groups", cause);
        }

        public static LayerOutcome Probability(string path, string kind, double p) =>
            LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                $"{path}: {kind} probability must be in [0, 1), got {p.ToString("R", CultureInfo.InvariantCulture)}; use a value such as 0.5.",
                "p");

        /// <summary>
        /// ND0013 at <paramref name="argumentH"/> (or <paramref name="argumentW"/> where only the width is too large) when an output
        /// size is beyond a 32-bit tensor dimension; null when both fit.
        /// </summary>
        public static LayerOutcome? TooLarge(string path, string kind, int channels, long h, long w, string argumentH, string argumentW)
        {
            if (h <= int.MaxValue && w <= int.MaxValue) return null;
            string argument = h > int.MaxValue ? argumentH : argumentW;
            return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                $"{path}: {kind} output would be {I(channels)}x{h.ToString(CultureInfo.InvariantCulture)}x{w.ToString(CultureInfo.InvariantCulture)}, a size beyond a 32-bit tensor dimension (at most {I(int.MaxValue)}); use a smaller {argument}.",
                argument);
        }

        /// <summary>A NaN or (where the kind takes none) infinite floating-point argument.</summary>
        public static LayerOutcome NotFinite(string path, string kind, string argument, double value) =>
            LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                $"{path}: {kind} {argument} must be a finite number, got {value.ToString("R", CultureInfo.InvariantCulture)}; write a finite value such as the default.",
                argument);

        public static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
