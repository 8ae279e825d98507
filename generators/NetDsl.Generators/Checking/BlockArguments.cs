using System;
using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// What a [Use]/[Repeat] passes to each block parameter: positional arguments first, then <c>Args = "name: value, …"</c>;
    /// <see cref="First"/> holds <c>First = "name: value"</c>, the values only a Repeat's first instance takes
    /// (torchvision's _make_layer strides there). One assignment, read by the checker and the emitter alike.
    /// </summary>
    internal sealed class BlockArguments
    {
        BlockArguments(ValueSpec[] all, ValueSpec?[] first) { All = all; First = first; }

        /// <summary>Per parameter, in order: the value every instance gets, or Missing for the parameter's default.</summary>
        public ValueSpec[] All { get; }

        /// <summary>Per parameter: the first instance's value where First sets it, else null.</summary>
        public ValueSpec?[] First { get; }

        public bool HasFirst => Array.Exists(First, v => v != null);

        /// <summary>The values instance <paramref name="index"/> gets.</summary>
        public IReadOnlyList<ValueSpec> For(int index)
        {
            if (!RepeatPlan.TakesFirst(index) || !HasFirst) return All;
            var values = (ValueSpec[])All.Clone();
            for (int i = 0; i < values.Length; i++) if (First[i] != null) values[i] = First[i]!;
            return values;
        }

        /// <summary>Positional values only (a [Variant]).</summary>
        public static BlockArguments? Positional(DeclarationSpec target, IReadOnlyList<ValueSpec> positional, string path, LocationInfo? at, out DiagnosticInfo? error)
        {
            error = null;
            var ps = target.Parameters;
            if (positional.Count > ps.Count)
            {
                error = new DiagnosticInfo(ShapeIssueIds.BlockArguments,
                    $"{path}: {target.Name} takes {ps.Count} parameter(s) ({Names(target)}) but {positional.Count} argument(s) were given; pass at most {ps.Count}.",
                    positional[ps.Count].Location ?? at);   // at the first argument too many, as the sub-span ND0016s are
                return null;
            }
            var all = new ValueSpec[ps.Count];
            for (int i = 0; i < all.Length; i++) all[i] = i < positional.Count ? positional[i] : ValueSpec.Missing;
            return new BlockArguments(all, new ValueSpec?[ps.Count]);
        }

        /// <summary>The assignment of a [Use] or [Repeat] <paramref name="layer"/>, or null with a diagnostic at the offending argument.</summary>
        public static BlockArguments? Of(DeclarationSpec target, LayerSpec layer, string path, out DiagnosticInfo? error)
        {
            var result = Positional(target, layer.Extra, path, layer.Location, out error);
            if (result == null) return null;
            var named = layer.Find(nameof(RepeatArgs.Args));
            if (named != null && !Assign(target, named.Value, result.All, fromPositional: layer.Extra.Count, path, "Args", out error)) return null;
            var first = layer.Find(nameof(RepeatArgs.First));
            if (first != null)
            {
                var overrides = new ValueSpec[result.First.Length];
                for (int i = 0; i < overrides.Length; i++) overrides[i] = ValueSpec.Missing;
                if (!Assign(target, first.Value, overrides, fromPositional: 0, path, "First", out error)) return null;
                for (int i = 0; i < overrides.Length; i++) if (overrides[i].Kind != ValueKind.Missing) result.First[i] = overrides[i];
            }
            return result;
        }

        /// <summary>Parses "name: value, …" into <paramref name="values"/> by parameter name.</summary>
        static bool Assign(DeclarationSpec target, ValueSpec text, ValueSpec[] values, int fromPositional, string path, string what, out DiagnosticInfo? error)
        {
            error = null;
            if (text.Kind != ValueKind.String)
            {
                error = new DiagnosticInfo(ShapeIssueIds.BlockArguments,
                    $"{path}: {what} must be a string of \"name: value\" pairs, e.g. {what} = \"{Example(target)}\".", text.Location);
                return false;
            }
            var pairs = NamedArguments.Parse(text.Text, out string parseError, out int errorAt);
            if (pairs == null)
            {
                error = new DiagnosticInfo(ShapeIssueIds.BlockArguments,
                    $"{path}: {what} \"{text.Text}\" cannot be read: {parseError}; write \"name: value\" pairs separated by commas, e.g. \"{Example(target)}\".",
                    Within(text, errorAt, text.Text.Length - errorAt));
                return false;
            }
            var ps = target.Parameters;
            foreach (var pair in pairs)
            {
                int index = -1;
                for (int i = 0; i < ps.Count; i++) if (ps[i].Name == pair.Name) index = i;
                var at = Within(text, pair.NameStart, pair.Name.Length);
                if (index < 0)
                {
                    error = new DiagnosticInfo(ShapeIssueIds.BlockArguments,
                        $"{path}: {target.Name} has no parameter '{pair.Name}'; its parameters are {Names(target)}.", at);
                    return false;
                }
                if (index < fromPositional)
                {
                    error = new DiagnosticInfo(ShapeIssueIds.BlockArguments,
                        $"{path}: {target.Name} parameter '{pair.Name}' is given positionally and in {what}; pass it once.", at);
                    return false;
                }
                values[index] = Value(ps[index], pair.Value, Within(text, pair.Start, pair.Value.Length));
            }
            return true;
        }

        /// <summary>A value as written in a named list: true/false for bool, an Act member for Act, else an expression or a string.</summary>
        static ValueSpec Value(ParameterSpec p, string text, LocationInfo? at)
        {
            var type = Binding.TypeOf(p);
            if (type == ArgType.Bool && (text == "true" || text == "false")) return ValueSpec.OfBool(text == "true", at);
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            if ((type == ArgType.Int || type == ArgType.Double) && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out long n))
                return ValueSpec.OfInt(n, at);
            if (type == ArgType.Double && double.TryParse(text, System.Globalization.NumberStyles.Float, invariant, out double d))
                return ValueSpec.OfDouble(d, at);
            if (p.TypeName == Binding.ActType)
            {
                string name = text.StartsWith("Act.", StringComparison.Ordinal) ? text.Substring(4) : text;
                if (Enum.IsDefined(typeof(Act), name)) return ValueSpec.OfInt((long)(Act)Enum.Parse(typeof(Act), name), at);
            }
            return ValueSpec.OfString(text, at);
        }

        /// <summary>The location of part of a string literal (a plain one-line "…" literal; else the whole literal).</summary>
        static LocationInfo? Within(ValueSpec literal, int offset, int length)
        {
            if (literal.Location is not { } at) return null;
            if (at.Span.Length != literal.Text.Length + 2 || at.LineSpan.Start.Line != at.LineSpan.End.Line) return at;
            int start = at.Span.Start + 1 + offset;
            var line = at.LineSpan.Start;
            return new LocationInfo(at.FilePath, new Microsoft.CodeAnalysis.Text.TextSpan(start, length),
                new Microsoft.CodeAnalysis.Text.LinePositionSpan(
                    new Microsoft.CodeAnalysis.Text.LinePosition(line.Line, line.Character + 1 + offset),
                    new Microsoft.CodeAnalysis.Text.LinePosition(line.Line, line.Character + 1 + offset + length)));
        }

        static string Example(DeclarationSpec target) =>
            target.Parameters.Count == 0 ? "name: value" : target.Parameters[target.Parameters.Count - 1].Name + ": …";

        public static string Names(DeclarationSpec target)
        {
            var names = new List<string>();
            foreach (var p in target.Parameters) names.Add(p.Name);
            return names.Count == 0 ? "none" : string.Join(", ", names);
        }
    }
}
