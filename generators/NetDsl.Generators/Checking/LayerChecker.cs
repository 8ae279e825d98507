using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Binds one layer attribute's arguments to its kind's record for an instance and runs the kernel's rule.</summary>
    internal static class LayerChecker
    {
        /// <summary>The kind's argument record with the values of this instance; null with <paramref name="error"/> when one is bad.</summary>
        public static object? Bind(LayerSpec layer, KindSchema kind, ArgResolver args, string path, out DiagnosticInfo? error)
        {
            error = null;
            var values = new Dictionary<string, object?>();
            string what = kind.Kind.Row;
            foreach (var def in kind.Args)
            {
                var value = args.Resolve(layer, def, path, what, out error);
                if (error != null) return null;
                if (value is { Kind: ScalarKind.Int } n && (def.Type == ArgType.Int || def.Type == ArgType.OptionalInt) && (n.Int > int.MaxValue || n.Int < int.MinValue))
                {
                    error = Overflow(layer, def, path, what, n.Int);
                    return null;
                }
                if (value.HasValue) values[def.Name] = Clr(value.Value);
            }
            return kind.Kind.Bind(values);
        }

        /// <summary>ND0013 at the argument whose value (a parameter or an expression of them: <c>"w * w"</c>) is beyond a 32-bit tensor dimension.</summary>
        static DiagnosticInfo Overflow(LayerSpec layer, ArgDef def, string path, string what, long value)
        {
            var written = layer.Find(def.Name);
            string from = written?.Value.Kind == ValueKind.String ? $" (from \"{written.Value.Text}\")" : "";
            return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                $"{path}: {what} {written?.Name ?? def.Name} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}{from}, which overflows a tensor dimension (at most {int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)}); use smaller channel counts, sizes or multipliers.",
                written?.Value.Location ?? layer.Location);
        }

        /// <summary>Runs the rule; null outcome with <paramref name="error"/> set when an argument is bad. <paramref name="row"/> is the summary row's kind.</summary>
        public static LayerOutcome? Check(LayerSpec layer, KindSchema kind, ArgResolver args, string path, TensorShape input, out string row, out DiagnosticInfo? error,
            out object? bound)
        {
            row = kind.Kind.Row;
            bound = Bind(layer, kind, args, path, out error);
            if (bound == null) return null;
            row = kind.Kind.RowFor(bound, input);
            if (input.Is1d && TwoSizesWritten(layer, bound) is int length)
                return AdaptivePooling.TwoSizes(path, kind.Kind.RowAt(input), input, length);
            return kind.Kind.Check(path, input, bound);
        }

        /// <summary>
        /// An adaptive pooling written with a height and a width (<c>[AdaptiveAvgPool(6, 6)]</c>, two arguments even when equal):
        /// its width, the length it would pool a CxL map to; null for the one-size form (<c>[AdaptiveAvgPool(6)]</c>, which the
        /// parser writes as both sides from one value) and other kinds.
        /// </summary>
        static int? TwoSizesWritten(LayerSpec layer, object bound)
        {
            int? width = (bound as AdaptivePoolArgs)?.Width;
            if (width == null) return null;
            var h = layer.Find("height");
            var w = layer.Find("width");
            return h != null && w != null && !ReferenceEquals(h.Value, w.Value) ? width : null;
        }

        /// <summary>
        /// ND0025 for a member declared with the module type the kind builds at the other rank (<c>public Conv2d conv</c> on a
        /// CxL map, where [Conv] builds a Conv1d): the build would fail casting it, so it is a compile-time error at the member.
        /// </summary>
        public static ShapeIssue? DeclaredType(MemberSpec member, LayerKind kind, TensorShape input, string path)
        {
            if (kind.Row1d == null || !input.IsMap) return null;
            string twoD = kind.Row, oneD = kind.Row1d;
            string declared = member.TypeName.StartsWith(Modules, System.StringComparison.Ordinal) ? member.TypeName.Substring(Modules.Length) : "";
            string builds = input.Is1d ? oneD : twoD;
            if (declared != (input.Is1d ? twoD : oneD)) return null;
            return new ShapeIssue(ShapeIssueIds.TwoDimensionalOnly,
                $"{path}: declared {declared}, but on its {(input.Is1d ? "1-D" : "2-D")} input {input} [{kind.Name}] builds a {builds}; declare the member {builds} (or Layer).");
        }

        const string Modules = "global::TorchSharp.Modules.";

        /// <summary>
        /// The output the layer has once its issue is set aside, so checking can go on after it: the blamed argument back at
        /// its default (a pinned In inferred, Groups 1), or a Linear's input flattened; null when no shape follows (the instance stops).
        /// </summary>
        public static TensorShape? Relaxed(LayerSpec layer, KindSchema kind, ArgResolver args, string path, TensorShape input, ShapeIssue issue)
        {
            if (issue.Id == ShapeIssueIds.NotFlattened && input.IsMap && input.Elements <= int.MaxValue)
                return Retry(layer, kind, args, path, TensorShape.Vector((int)input.Elements));
            var def = issue.Argument.Length == 0 ? null : kind.Arg(issue.Argument);
            if (def == null || layer.Find(def.Name) == null || kind.Kind.Argument(def.Name)?.Required != false) return null;
            var rest = new List<ArgSpec>();
            foreach (var a in layer.Args) if (!string.Equals(a.Name, def.Name, System.StringComparison.OrdinalIgnoreCase)) rest.Add(a);
            return Retry(layer with { Args = EquatableArray.From(rest) }, kind, args, path, input);
        }

        static TensorShape? Retry(LayerSpec layer, KindSchema kind, ArgResolver args, string path, TensorShape input)
        {
            var bound = Bind(layer, kind, args, path, out var error);
            if (bound == null || error != null) return null;
            var outcome = kind.Kind.Check(path, input, bound);
            return outcome.Ok ? outcome.Output : (TensorShape?)null;
        }

        static object Clr(Scalar s) => s.Kind switch
        {
            ScalarKind.Int => s.Int,
            ScalarKind.Double => s.Double,
            ScalarKind.Bool => s.Bool,
            _ => s.String,
        };

        /// <summary>Where an issue points: the argument the rule blames, else the attribute.</summary>
        public static LocationInfo? Locate(LayerSpec layer, ShapeIssue issue)
        {
            if (issue.Argument.Length > 0 && layer.Arg(issue.Argument).Location is { } at) return at;
            return layer.Location;
        }
    }
}
