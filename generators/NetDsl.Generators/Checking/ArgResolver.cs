using System.Collections.Generic;
using System.Globalization;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Evaluates attribute arguments for one instance (parameter values in scope).</summary>
    internal sealed class ArgResolver
    {
        readonly IReadOnlyDictionary<string, Scalar> env;

        public ArgResolver(IReadOnlyDictionary<string, Scalar> env) { this.env = env; }

        /// <summary>Names an expression may use for the shape entering the layer (a parameter of the same name wins).</summary>
        public static readonly string[] ShapeNames = { "C", "H", "W", "L" };

        /// <summary>Names for the shape entering the whole declaration (block or network): InC, InH, InW (InL on a CxL map).</summary>
        public static readonly string[] InputNames = { "InC", "InH", "InW", "InL" };

        /// <summary>The instance index inside a [Repeat] (0 for the first), usable in its block arguments.</summary>
        public const string IndexName = "i";

        /// <summary>This resolver with InC, InH and InW (and InL for a CxL map) bound to the declaration's <paramref name="input"/>.</summary>
        public ArgResolver WithDeclarationInput(TensorShape input)
        {
            var scoped = Copy();
            scoped["InC"] = Scalar.Of(input.C);
            if (input.IsMap) { scoped["InH"] = Scalar.Of(input.H); scoped["InW"] = Scalar.Of(input.W); }
            if (input.Is1d) scoped["InL"] = Scalar.Of(input.L);
            return new ArgResolver(scoped);
        }

        /// <summary>This resolver with the Repeat instance index bound.</summary>
        public ArgResolver WithIndex(int index)
        {
            var scoped = Copy();
            scoped[IndexName] = Scalar.Of(index);
            return new ArgResolver(scoped);
        }

        Dictionary<string, Scalar> Copy()
        {
            var copy = new Dictionary<string, Scalar>();
            foreach (var pair in env) copy[pair.Key] = pair.Value;
            return copy;
        }

        /// <summary>This resolver with C, H and W bound to <paramref name="input"/>.</summary>
        public ArgResolver At(TensorShape input)
        {
            var scoped = new Dictionary<string, Scalar> { ["C"] = Scalar.Of(input.C) };
            if (input.IsMap) { scoped["H"] = Scalar.Of(input.H); scoped["W"] = Scalar.Of(input.W); }
            if (input.Is1d) scoped["L"] = Scalar.Of(input.L);
            foreach (var pair in env) scoped[pair.Key] = pair.Value;
            return new ArgResolver(scoped);
        }

        /// <summary>The value of <paramref name="def"/> on <paramref name="layer"/>; null when absent and optional.</summary>
        public Scalar? Resolve(LayerSpec layer, ArgDef def, string path, string what, out DiagnosticInfo? error)
        {
            var written = layer.Find(def.Name);
            error = null;
            if (written == null || written.Value.Kind == ValueKind.Missing) return def.Default;
            var value = Resolve(written.Value, def.Type, path, what + " " + written.Name, out error);
            // A constant is checked once, in the declaration; a parameter's value only here, where the instance gives it.
            if (value is { Kind: ScalarKind.Int } number && written.Value.Kind == ValueKind.String && def.Type == ArgType.Enum
                && EnumArguments.OutOfRange(path, what + " " + def.Name, def.ClrType, number.Int, written.Value.Location) is { } outOfRange)
            {
                error = outOfRange;
                return null;
            }
            return value;
        }

        public Scalar? Resolve(ValueSpec value, ArgType type, string path, string what, out DiagnosticInfo? error)
        {
            error = null;
            Scalar result;
            switch (value.Kind)
            {
                case ValueKind.Int: result = Scalar.Of(value.Int); break;
                case ValueKind.Double: result = Scalar.Of(value.Double); break;
                case ValueKind.Bool: result = Scalar.Of(value.Bool); break;
                case ValueKind.String:
                    if (type == ArgType.String)
                        return env.TryGetValue(value.Text, out var p) && p.Kind == ScalarKind.String ? p : Scalar.Of(value.Text);
                    var expr = ExprParser.Parse(value.Text, out string parseError);
                    if (expr == null)
                    {
                        error = Bad(path, what, value, parseError);
                        return null;
                    }
                    if (!ExprEvaluator.TryEvaluate(expr, env, out result, out string evalError))
                    {
                        error = Bad(path, what, value, evalError);
                        return null;
                    }
                    break;
                default:
                    error = new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                        $"{path}: {what} cannot be {Describe(value)}; write a number, a parameter (nameof(p)) or an expression string such as \"width * 4\".",
                        value.Location);
                    return null;
            }
            return Convert(result, value, type, path, what, out error);
        }

        Scalar? Convert(Scalar result, ValueSpec value, ArgType type, string path, string what, out DiagnosticInfo? error)
        {
            error = null;
            switch (type)
            {
                case ArgType.Int:
                case ArgType.OptionalInt:
                case ArgType.Enum:
                    if (result.Kind == ScalarKind.Int) return result;
                    break;
                case ArgType.Double:
                    if (result.IsNumber) return Scalar.Of(result.Double);
                    break;
                case ArgType.Bool:
                    if (result.Kind == ScalarKind.Bool) return result;
                    break;
                case ArgType.String:
                    if (result.Kind == ScalarKind.String) return result;
                    break;
            }
            // A whole double ("w * 0.5" at w = 10 is 5.0) reads as the integer it is not: say it is a double, and from what.
            if (result.Kind == ScalarKind.Double && value.Kind == ValueKind.String && (type == ArgType.Int || type == ArgType.OptionalInt))
            {
                string got = result.Double.ToString(result.Double == System.Math.Floor(result.Double) && !double.IsInfinity(result.Double) ? "0.0" : "R", CultureInfo.InvariantCulture);
                error = new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{path}: {what} must be an integer, got {got} (a double, from {value.Text}); round it in the expression (\"floor({value.Text})\" or \"round({value.Text})\") " +
                    "or use integer arithmetic (/ divides integers as C# does: \"w / 2\").", value.Location);
                return null;
            }
            error = new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                $"{path}: {what} must be {TypeName(type)}, got {result}; pass {TypeName(type)} value.", value.Location);
            return null;
        }

        DiagnosticInfo Bad(string path, string what, ValueSpec value, string why)
        {
            return new DiagnosticInfo(ShapeIssueIds.BadExpression,
                $"{path}: {what} \"{value.Text}\" cannot be evaluated: {why}; {KnownNames(env.Keys)}.", value.Location);
        }

        /// <summary>"known parameters: a, b (and C, H, W: the layer's input shape)" for messages.</summary>
        public static string KnownNames(IEnumerable<string> names)
        {
            var parameters = new List<string>();
            foreach (var n in names)
                if (System.Array.IndexOf(ShapeNames, n) < 0 && System.Array.IndexOf(InputNames, n) < 0 && n != IndexName) parameters.Add(n);
            parameters.Sort(System.StringComparer.Ordinal);
            string list = parameters.Count == 0 ? "no parameters" : "known parameters: " + string.Join(", ", parameters);
            return list + " (and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network)";
        }

        static string TypeName(ArgType type) => type switch
        {
            ArgType.Int => "an integer",
            ArgType.OptionalInt => "an integer",
            ArgType.Enum => "an enum value",
            ArgType.Double => "a number",
            ArgType.Bool => "a bool",
            _ => "a string",
        };

        static string Describe(ValueSpec v) => v.Kind == ValueKind.Type ? "a type" : v.Text.Length > 0 ? v.Text : "this value";

        public static int ToInt(Scalar? s) => s.HasValue ? (int)s.Value.Int : 0;

        public static string Text(Scalar s) => s.ToString().ToString(CultureInfo.InvariantCulture);
    }
}
