using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[ChannelShuffle(groups)]: ShuffleNet's channel shuffle (PyTorch's ChannelShuffle): C = g·n channels read as g x n, transposed.</summary>
    public sealed record ChannelShuffleArgs
    {
        /// <summary>The number of groups; it must divide the channels.</summary>
        public required int Groups { get; init; }
    }

    internal sealed class ChannelShuffleKind : LayerKind<ChannelShuffleArgs>
    {
        public static readonly ChannelShuffleKind Instance = new ChannelShuffleKind();
        ChannelShuffleKind() : base("ChannelShuffle", "ChannelShuffle", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, ChannelShuffleArgs a)
        {
            if (!input.IsMap) return NeedsMap(path, Row, input);
            if (a.Groups <= 0) return Positive(path, Row, "Groups", a.Groups, "Groups");
            if (input.C % a.Groups != 0)
                return LayerOutcome.Fail(ShapeIssueIds.Groups,
                    $"{path}: {Row} Groups = {I(a.Groups)} must divide the input's {I(input.C)} channels ({input}); choose a group count that divides {I(input.C)}.",
                    "Groups");
            return LayerOutcome.Success(input);
        }
    }
}
