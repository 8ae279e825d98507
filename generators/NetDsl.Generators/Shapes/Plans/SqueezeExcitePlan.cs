using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[SqueezeExcite(reduction)] on a block's output: the same two 1x1 convolutions for the checker and the runtime.</summary>
    internal static class SqueezeExcitePlan
    {
        /// <summary>
        /// Squeeze-excite on <paramref name="input"/>: its two 1x1 convolutions with bias (fc1 to C / reduction
        /// channels, fc2 back to C) on the pooled Cx1x1 map; the block's shape is unchanged.
        /// </summary>
        public static ShapeIssue? Check(string path, TensorShape input, int reduction, out LayerOutcome fc1, out LayerOutcome fc2)
        {
            fc1 = fc2 = default;
            if (!input.IsMap) return NeedsMap(path, "SqueezeExcite", input).Issue;
            if (input.Is1d) return TwoDimensionalOnly(path, "SqueezeExcite", input, OneDimensionalFix).Issue;
            if (reduction <= 0) return Positive(path, "SqueezeExcite", "reduction", reduction, "reduction").Issue;
            int squeezed = input.C / reduction;
            if (squeezed < 1)
            {
                string cause = $"{path}: SqueezeExcite reduction {I(reduction)} leaves {I(input.C)} / {I(reduction)} = 0 channels";
                return new ShapeIssue(ShapeIssueIds.SqueezeChannels, cause + $"; use a reduction ≤ {I(input.C)}.", "reduction", cause);
            }
            fc1 = ConvKind.Instance.Rule(path + ".fc1", new TensorShape(input.C, 1, 1), Fc(squeezed));
            fc2 = ConvKind.Instance.Rule(path + ".fc2", fc1.Output, Fc(input.C));
            return null;
        }

        /// <summary>What ND0025 suggests for squeeze-excitation on a CxL map (its fc layers are 1x1 Conv2d modules).</summary>
        public const string OneDimensionalFix =
            "gate a 1-D map with [Multiply(nameof(gate))] by a member that reads it ([From]) through [GlobalAvgPool], two 1x1 [Conv]s and [Sigmoid]";

        /// <summary>fc1 and fc2: 1x1 convolutions with bias.</summary>
        public static ConvArgs Fc(int channels) => new ConvArgs { OutChannels = channels, Kernel = 1 };
    }
}
