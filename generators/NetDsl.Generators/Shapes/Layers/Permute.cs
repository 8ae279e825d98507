using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// [Permute(0, 2, 3, 1)]: reorders the sample's axes as torch's <c>permute</c> over N x C x H x W (the batch axis stays first).
    /// The tracked shape is the tensor's own: after (0, 2, 3, 1) a 96x56x56 map reads 56x56x96 (channels last), so a
    /// [LayerNorm] or [Linear(LastDim = true)] after it works on the channels, as in ConvNeXt's block.
    /// </summary>
    public sealed record PermuteArgs
    {
        /// <summary>The axis that becomes axis 0 (the batch: must be 0).</summary>
        public required int D0 { get; init; }
        /// <summary>The axis that becomes axis 1.</summary>
        public required int D1 { get; init; }
        /// <summary>The axis that becomes axis 2.</summary>
        public required int D2 { get; init; }
        /// <summary>The axis that becomes axis 3.</summary>
        public required int D3 { get; init; }
    }

    internal sealed class PermuteKind : LayerKind<PermuteArgs>
    {
        public static readonly PermuteKind Instance = new PermuteKind();
        PermuteKind() : base("Permute", "Permute", LayerRole.Functional) { }

        /// <summary>Four axes (N, C, H, W): a CxL batch has three.</summary>
        public override string? OneDimensionalFix => "[Permute] orders the four axes of an N x C x H x W batch, and a CxL batch has three; reshape the map first ([Reshape]) or leave the permute out";

        /// <summary>A reorder of the axes moves no pixel: the receptive field passes through (ConvNeXt permutes and back).</summary>
        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output) => Windows.Identity;

        public override LayerOutcome Rule(string path, TensorShape input, PermuteArgs a)
        {
            if (!input.Is2d) return NeedsMap(path, Row, input);
            if (a.D0 != 0)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {Row} keeps the batch axis first, but its first axis is {I(a.D0)}; write 0 first, then an order of 1, 2 and 3.", "D0");
            int[] order = { a.D1, a.D2, a.D3 };
            string[] names = { "D1", "D2", "D3" };
            int seen = 0;
            for (int i = 0; i < 3; i++)
            {
                int bit = order[i] >= 1 && order[i] <= 3 ? 1 << order[i] : 0;
                if (bit == 0 || (seen & bit) != 0)
                    return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                        $"{path}: {Row}({I(a.D0)}, {I(a.D1)}, {I(a.D2)}, {I(a.D3)}) is not an order of the axes; after 0 write 1, 2 and 3 once each.", names[i]);
                seen |= bit;
            }
            int[] sizes = { input.C, input.H, input.W };
            return LayerOutcome.Success(new TensorShape(sizes[a.D1 - 1], sizes[a.D2 - 1], sizes[a.D3 - 1]));
        }
    }
}
