namespace NetDsl.Shapes
{
    /// <summary>Rules for the structural attributes (Repeat, ConvStack) shared with the run-time guards.</summary>
    internal static class StructureRules
    {
        /// <summary>The most instances one [Repeat] may have: each is checked, emitted and listed in the summary (ResNet-1001 has 111 per stage).</summary>
        public const int MaxRepeat = 10000;

        public static ShapeIssue? RepeatCount(string path, string blockName, int count) =>
            count < 1 ? new ShapeIssue(ShapeIssueIds.RepeatCount,
                $"{path}: Repeat of {blockName} needs at least 1 instance, got {count.ToString(System.Globalization.CultureInfo.InvariantCulture)}; use a count ≥ 1 or remove the member.",
                "count")
            : count > MaxRepeat ? new ShapeIssue(ShapeIssueIds.RepeatCount,
                $"{path}: Repeat of {blockName} asks for {count.ToString(System.Globalization.CultureInfo.InvariantCulture)} instances, more than the {MaxRepeat.ToString(System.Globalization.CultureInfo.InvariantCulture)} NetDsl builds (each is checked, emitted and listed in the summary); use a count of at most {MaxRepeat.ToString(System.Globalization.CultureInfo.InvariantCulture)}.",
                "count")
            : null;

        /// <summary>
        /// The bound on nested [Repeat]s: <paramref name="count"/> instances in each of the <paramref name="outer"/> instances the
        /// enclosing repeats make may not exceed <see cref="MaxRepeat"/> in all (each count alone within it, 10000 × 10000 would
        /// still be 10⁸ blocks to check and build).
        /// </summary>
        public static ShapeIssue? RepeatTotal(string path, string blockName, int count, long outer)
        {
            long total = outer * count;
            if (outer <= 1 || total <= MaxRepeat) return null;
            var c = System.Globalization.CultureInfo.InvariantCulture;
            return new ShapeIssue(ShapeIssueIds.RepeatCount,
                $"{path}: Repeat of {blockName} asks for {count.ToString(c)} instances in each of the {outer.ToString(c)} instances of the repeats around it, {total.ToString(c)} in all, more than the {MaxRepeat.ToString(c)} NetDsl builds (each is checked, emitted and listed in the summary); use a count of at most {(MaxRepeat / outer).ToString(c)} here, or fewer instances around it.",
                "count");
        }

        public static ShapeIssue? ConvStack(string path, string spec, out System.Collections.Generic.List<int>? items)
        {
            items = ConvStackSpec.Parse(spec, out string error);
            return items != null ? null : new ShapeIssue(ShapeIssueIds.InvalidArgument,
                $"{path}: ConvStack spec \"{spec}\" is invalid: {error}; use channel counts and M, e.g. \"64 64 M 128 M\".", "spec");
        }
    }
}
