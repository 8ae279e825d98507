using System.Globalization;
using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// [Reshape("64x7x7")]: the per-sample tensor viewed as another shape, the batch axis kept (PyTorch's
    /// <c>x.reshape(x.size(0), 64, 7, 7)</c>): a decoder head after a Linear ("64x7x7"), a map read as a 1-D map
    /// ("16x64"), a vector ("784"). One dimension may be -1, inferred from the element count.
    /// </summary>
    public sealed record ReshapeArgs
    {
        /// <summary>The target shape of one sample: "CxHxW", "CxL" or "N", each a positive size or one -1 (inferred).</summary>
        public required string Shape { get; init; }
    }

    internal sealed class ReshapeKind : LayerKind<ReshapeArgs>
    {
        public static readonly ReshapeKind Instance = new ReshapeKind();
        ReshapeKind() : base("Reshape", "Reshape", LayerRole.Functional) { }

        /// <summary>The written sizes ("64x-1x7" → 64, -1, 7), or null with why not when the text is no 1- to 3-part shape with at most one -1.</summary>
        public static int[]? Parse(string text, out string? error)
        {
            error = null;
            string[] parts = text.Split('x', 'X');
            if (parts.Length > 3)
            {
                error = $"it has {I(parts.Length)} dimensions; a sample is at most CxHxW (3)";
                return null;
            }
            var dims = new int[parts.Length];
            int inferred = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i].Trim();
                if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out dims[i]) || dims[i] == 0 || dims[i] < -1)
                {
                    error = $"'{part}' is not a positive size or -1";
                    return null;
                }
                if (dims[i] == -1) inferred++;
            }
            if (inferred > 1)
            {
                error = "only one dimension may be -1";
                return null;
            }
            return dims;
        }

        /// <summary>The shape the written sizes make for <paramref name="elements"/> elements (-1 inferred), or null when they cannot hold them.</summary>
        public static TensorShape? Resolve(int[] dims, long elements)
        {
            long known = 1;
            int open = -1;
            for (int i = 0; i < dims.Length; i++)
            {
                if (dims[i] == -1) open = i;
                else known *= dims[i];
            }
            var sizes = (int[])dims.Clone();
            if (open >= 0)
            {
                if (elements % known != 0 || elements / known > int.MaxValue) return null;
                sizes[open] = (int)(elements / known);
            }
            else if (known != elements) return null;
            return sizes.Length switch
            {
                3 => new TensorShape(sizes[0], sizes[1], sizes[2]),
                2 => TensorShape.Sequence(sizes[0], sizes[1]),
                _ => TensorShape.Vector(sizes[0]),
            };
        }

        public override LayerOutcome Rule(string path, TensorShape input, ReshapeArgs a)
        {
            var dims = Parse(a.Shape ?? "", out string? error);
            if (dims == null)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: Reshape \"{a.Shape}\" is not a shape: {error}; write the sample's new shape as \"CxHxW\", \"CxL\" or \"N\" (e.g. \"64x7x7\", one size may be -1).",
                    "Shape");
            if (Resolve(dims, input.Elements) is { } output) return LayerOutcome.Success(output);
            string cause = $"{path}: Reshape of {input} ({input.Elements.ToString(CultureInfo.InvariantCulture)} elements) to \"{a.Shape}\" "
                + (System.Array.IndexOf(dims, -1) >= 0 ? "cannot infer its -1: the other sizes do not divide the element count" : $"({Product(dims).ToString(CultureInfo.InvariantCulture)} elements): the element counts differ");
            return LayerOutcome.Fail(ShapeIssueIds.ReshapeElements, cause + "; " + Fix(input, dims) + ".", "Shape", cause);
        }

        /// <summary>A target of the written rank that holds the input's elements: the first size adjusted when the rest divide them, else -1 there.</summary>
        static string Fix(TensorShape input, int[] dims)
        {
            long rest = 1;
            for (int i = 1; i < dims.Length; i++) rest *= dims[i] == -1 ? 1 : dims[i];
            var sizes = new string[dims.Length];
            for (int i = 0; i < dims.Length; i++) sizes[i] = dims[i] == -1 ? "-1" : I(dims[i]);
            bool restOpen = System.Array.IndexOf(dims, -1) >= 1;
            if (!restOpen && input.Elements % rest == 0 && input.Elements / rest <= int.MaxValue)
            {
                sizes[0] = (input.Elements / rest).ToString(CultureInfo.InvariantCulture);
                return $"use [Reshape(\"{string.Join("x", sizes)}\")], which holds the {input.Elements.ToString(CultureInfo.InvariantCulture)} elements, or change the layer before it to give {Product(dims).ToString(CultureInfo.InvariantCulture)}";
            }
            return $"choose sizes whose product is {input.Elements.ToString(CultureInfo.InvariantCulture)} (the input {input}), or change the layer before it";
        }

        static long Product(int[] dims)
        {
            long n = 1;
            foreach (int d in dims) n *= d == -1 ? 1 : d;
            return n;
        }
    }
}
