namespace NetDsl.Shapes
{
    /// <summary>Rules for the structural attributes (Repeat, ConvStack) shared with the run-time guards.</summary>
    internal static class StructureRules
    {
        public static ShapeIssue? RepeatCount(string path, string blockName, int count) =>
            count >= 1 ? null : new ShapeIssue(ShapeIssueIds.RepeatCount,
                $"{path}: Repeat of {blockName} needs at least 1 instance, got {count.ToString(System.Globalization.CultureInfo.InvariantCulture)}; use a count ≥ 1 or remove the member.",
                "count");

        public static ShapeIssue? ConvStack(string path, string spec, out System.Collections.Generic.List<int>? items)
        {
            items = ConvStackSpec.Parse(spec, out string error);
            return items != null ? null : new ShapeIssue(ShapeIssueIds.InvalidArgument,
                $"{path}: ConvStack spec \"{spec}\" is invalid: {error}; use channel counts and M, e.g. \"64 64 M 128 M\".", "spec");
        }
    }
}
