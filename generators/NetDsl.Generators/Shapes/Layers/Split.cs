using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// [Split(parts, index)]: part <see cref="Index"/> (from 0) of the input's channels cut into <see cref="Parts"/> equal parts,
    /// PyTorch's <c>x.chunk(parts, dim=1)[index]</c> (ShuffleNetV2 feeds one half to a branch and passes the other through).
    /// </summary>
    public sealed record SplitArgs
    {
        /// <summary>How many equal parts the channels are cut into.</summary>
        public required int Parts { get; init; }
        /// <summary>Which part (from 0) passes on.</summary>
        public required int Index { get; init; }
    }

    internal sealed class SplitKind : LayerKind<SplitArgs>
    {
        public static readonly SplitKind Instance = new SplitKind();
        SplitKind() : base("Split", "ChannelSplit", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, SplitArgs a)
        {
            if (a.Parts <= 0) return Positive(path, Row, "Parts", a.Parts, "Parts");
            if (a.Index < 0 || a.Index >= a.Parts)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {Row} Index = {I(a.Index)} is not one of the {I(a.Parts)} parts; use an index from 0 to {I(a.Parts - 1)}.", "Index");
            if (input.C % a.Parts != 0)
                return LayerOutcome.Fail(ShapeIssueIds.Groups,
                    $"{path}: {Row} into {I(a.Parts)} equal parts needs channels divisible by {I(a.Parts)}, but the input is {input}; split a map whose channels {I(a.Parts)} divides.",
                    "Parts");
            int c = input.C / a.Parts;
            return LayerOutcome.Success(input.WithChannels(c));
        }
    }
}
