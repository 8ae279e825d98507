using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>A layer one instance ran: where it is written, the declaration and member holding it, its bound arguments and shapes.</summary>
    internal sealed record TraceStep(LayerSpec Layer, DeclarationSpec Owner, MemberSpec Member, string Path, object Args, TensorShape Input, TensorShape Output,
        BlockFrame? Frame = null);

    /// <summary>
    /// The declaration instance a layer ran in and what its parameters were given: the block, the [Use]/[Repeat] that chose it
    /// (null for the network itself, whose values are its variant's arguments or its defaults), the values per parameter as
    /// written there (Missing for a parameter's default) and the instance around it. A fix for a value that is only a
    /// parameter (nameof(width)) edits where that value comes from, not the block every other instance shares.
    /// </summary>
    internal sealed record BlockFrame(DeclarationSpec Owner, LayerSpec? UseSite, IReadOnlyList<ValueSpec> Given, BlockFrame? Outer)
    {
        /// <summary>The [Use]/[Repeat] in the network that this instance is inside (where a rule broken in a block is reported), or null for the network's own layers.</summary>
        public static LocationInfo? UseInNetwork(BlockFrame? frame)
        {
            var outermost = frame;
            while (outermost?.Outer?.UseSite != null) outermost = outermost.Outer;
            return outermost?.UseSite?.Location;
        }
    }

    /// <summary>A member's output as the instance computed it (what a missing [Concat] could have joined).</summary>
    internal sealed record KeptOutput(DeclarationSpec Owner, string Prefix, MemberSpec Member, TensorShape Output);

    /// <summary>A wired merge that broke: the member, the merge as written and both shapes.</summary>
    internal sealed record MergeSite(MemberSpec Member, TapMergeSpec Merge, TensorShape Kept, TensorShape Input);

    /// <summary>The layer a layer lint was raised on: as written, its resolved arguments and the instance it ran in.</summary>
    internal sealed record LintSite(LayerSpec Layer, object Args, BlockFrame? Frame);

    /// <summary>
    /// A rule this instance broke, with what the fix search needs: the diagnostic's index, the issue, the layer and
    /// declaration at fault, the shape entering it and how far the trace had got.
    /// </summary>
    internal sealed record Failure(int Index, ShapeIssue? Issue, DeclarationSpec? Owner, MemberSpec? Member, LayerSpec? Layer, TensorShape Input,
        string Path, int TraceLength, MergeSite? Merge, object? Args, string Prefix, int KeptLength, TensorShape? Expected = null, BlockFrame? Frame = null);
}
