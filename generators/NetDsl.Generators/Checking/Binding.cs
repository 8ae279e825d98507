using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Binds the values of a <see cref="BlockArguments"/> (a block use or a variant) to a class's primary-constructor parameters.</summary>
    internal static class Binding
    {
        public static ArgType? TypeOf(ParameterSpec p) => p.TypeName switch
        {
            "int" => ArgType.Int,
            "long" => ArgType.Int,
            "double" => ArgType.Double,
            "float" => ArgType.Double,
            "bool" => ArgType.Bool,
            "string" => ArgType.String,
            ActType => ArgType.Int,
            _ => null,
        };

        public const string ActType = "global::NetDsl.Act";

        /// <summary>C# for an argument of <paramref name="p"/>: an Act parameter gets its number cast back to the enum.</summary>
        public static string Cast(ParameterSpec p, string code)
        {
            if (p.TypeName != ActType) return code;
            // A constant is written as its member (Act.ReLU); an expression is cast.
            if (int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && System.Enum.IsDefined(typeof(Act), value))
                return "global::NetDsl.Act." + (Act)value;
            return $"(global::NetDsl.Act)({code})";
        }

        /// <summary>
        /// A string that is no expression given to an Act or bool parameter (<c>"relu"</c>, <c>"yes"</c>): what the parameter
        /// takes, with the Act member it spells as the edit (as for an attribute's enum property); null for other types.
        /// </summary>
        public static DiagnosticInfo? Mistyped(DeclarationSpec target, ParameterSpec p, ValueSpec value, string path)
        {
            string what = target.Name + " argument '" + p.Name + "'";
            if (p.TypeName == ActType) return EnumArguments.Stringly(path, what, p.Name, typeof(Act), value, property: false);
            if (p.TypeName == "bool")
                return new DiagnosticInfo(ShapeIssueIds.BadExpression,
                    $"{path}: {what} is the string \"{value.Text}\", but {p.Name} takes a bool, not a string; write true or false.", value.Location);
            return null;
        }

        /// <summary>Parameter values from an assignment (Missing = the parameter's default), or null with a diagnostic naming what is wrong.</summary>
        public static Dictionary<string, Scalar>? Bind(DeclarationSpec target, IReadOnlyList<ValueSpec> values, ArgResolver resolver,
            string path, LocationInfo? at, out DiagnosticInfo? error)
        {
            error = null;
            var ps = target.Parameters;
            var env = new Dictionary<string, Scalar>();
            for (int i = 0; i < ps.Count; i++)
            {
                var p = ps[i];
                var type = TypeOf(p);
                if (type == null)
                {
                    error = new DiagnosticInfo(ShapeIssueIds.BlockArguments,
                        $"{path}: {target.Name} parameter '{p.Name}' has type {p.TypeName}; NetDsl parameters must be int, double, bool, string or Act.", target.Location);
                    return null;
                }
                bool given = i < values.Count && values[i].Kind != ValueKind.Missing;
                var value = given ? values[i] : p.Default;
                if (value.Kind == ValueKind.Missing)
                {
                    error = new DiagnosticInfo(ShapeIssueIds.BlockArguments,
                        $"{path}: {target.Name} parameter '{p.Name}' has no default and no argument; pass a value for it.", at);
                    return null;
                }
                var resolved = given
                    ? resolver.Resolve(value, type.Value, path, target.Name + " argument '" + p.Name + "'", out error)
                    : new ArgResolver(env).Resolve(value, type.Value, path, target.Name + " parameter '" + p.Name + "'", out error);
                if (error != null && given && value.Kind == ValueKind.String && error.Id == ShapeIssueIds.BadExpression)
                    error = Mistyped(target, p, value, path) ?? error;
                if (error != null || resolved == null) return null;
                env[p.Name] = resolved.Value;
            }
            return env;
        }
    }
}
