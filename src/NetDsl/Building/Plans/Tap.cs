using NetDsl.Graph;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>Build-time side of wiring: the merge of a kept output, checked by the same rule as at compile time.</summary>
    public static partial class Layers
    {
        /// <summary>
        /// Records the merge of member <paramref name="tap"/>'s kept shape (graph value <paramref name="keptValue"/>) into the
        /// member <paramref name="name"/>'s input: forward runs <c>cat(tap, x)</c> or <c>x + tap</c>, the tap centre-cropped first when asked.
        /// </summary>
        public static TensorShape MergeTap(BuildContext ctx, string name, string tap, bool concat, bool crop, TensorShape kept, GraphNode? keptValue, TensorShape input)
        {
            string path = ctx.PathOf(name);
            var output = ctx.Apply(path, concat ? "Concat" : "Add", MergeRules.MergeTap(path, tap, concat, crop, kept, input));
            var x = ctx.Current;
            var tapShape = kept;
            if (crop)
            {
                tapShape = new TensorShape(kept.C, input.H, input.W);
                keptValue = ctx.Record(path, GraphOps.Crop, new[] { keptValue, x }, new[] { kept, input }, tapShape);
            }
            ctx.Record(path, concat ? GraphOps.Concat : GraphOps.Add,
                concat ? new[] { keptValue, x } : new[] { x, keptValue },
                concat ? new[] { tapShape, input } : new[] { input, tapShape }, output, ctx.Prefix);
            return output;
        }

        /// <summary>
        /// A tap inside a member (<c>[From("backbone.4")]</c>): the shape and graph value of the module at <paramref name="name"/>
        /// ("backbone.4", relative to the module being built), the last node recorded at or under that path as the member was built.
        /// </summary>
        public static TensorShape Inner(BuildContext ctx, string name, out GraphNode? value)
        {
            string path = ctx.PathOf(name);
            value = ctx.Graph.LastUnder(path);
            if (value == null)
                throw new ShapeException(new ShapeIssue(ShapeIssueIds.UnknownTap,
                    $"{path}: a tap names this module, which this instance does not have (a [Repeat] built with fewer instances); tap a module it has."));
            return value.Output;
        }

        /// <summary>Records [Multiply(tap)]: the member's input times <paramref name="tap"/>'s kept output, broadcast.</summary>
        public static TensorShape MultiplyTap(BuildContext ctx, string name, string tap, TensorShape kept, GraphNode? keptValue, TensorShape input)
        {
            string path = ctx.PathOf(name);
            var output = ctx.Apply(path, "Multiply", MergeRules.MultiplyTap(path, tap, kept, input));
            ctx.Record(path, GraphOps.Multiply, new[] { ctx.Current, keptValue }, new[] { input, kept }, output, ctx.Prefix);
            return output;
        }
    }
}
