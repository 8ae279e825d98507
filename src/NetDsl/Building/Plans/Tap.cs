using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>Build-time side of wiring: the merge of a kept output, checked by the same rule as at compile time.</summary>
    public static partial class Layers
    {
        /// <summary>Records the merge of member <paramref name="tap"/>'s kept shape into the member <paramref name="name"/>'s input.</summary>
        public static TensorShape MergeTap(BuildContext ctx, string name, string tap, bool concat, bool crop, TensorShape kept, TensorShape input)
        {
            string path = ctx.PathOf(name);
            return ctx.Apply(path, concat ? "Concat" : "Add", MergeRules.MergeTap(path, tap, concat, crop, kept, input));
        }

        /// <summary>Records [Multiply(tap)]: the member's input times <paramref name="tap"/>'s kept output, broadcast.</summary>
        public static TensorShape MultiplyTap(BuildContext ctx, string name, string tap, TensorShape kept, TensorShape input)
        {
            string path = ctx.PathOf(name);
            return ctx.Apply(path, "Multiply", MergeRules.MultiplyTap(path, tap, kept, input));
        }
    }
}
