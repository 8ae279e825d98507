using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>C# source for an attribute argument, evaluated at run time over the class's parameters.</summary>
    internal sealed class ArgCode
    {
        readonly System.Collections.Generic.HashSet<string> parameters = new System.Collections.Generic.HashSet<string>();

        public ArgCode(DeclarationSpec decl)
        {
            foreach (var p in decl.Parameters) parameters.Add(p.Name);
        }

        public string Of(LayerSpec layer, string argName)
        {
            var def = LayerKind.Find(layer.Kind)!.Arg(argName)!;
            var value = layer.Arg(argName);
            if (value.Kind == ValueKind.Missing)
                return def.Default.HasValue ? Literals.Of(def.Default.Value) : "null";
            return Of(value, def.Type, parameters);
        }

        /// <summary><paramref name="parameterNames"/> lets a string that names a parameter refer to it.</summary>
        public static string Of(ValueSpec value, ArgType type, System.Collections.Generic.ICollection<string>? parameterNames)
        {
            switch (value.Kind)
            {
                case ValueKind.Int: return type == ArgType.Double ? Literals.Double(value.Int) : value.Int.ToString(System.Globalization.CultureInfo.InvariantCulture);
                case ValueKind.Double: return Literals.Double(value.Double);
                case ValueKind.Bool: return value.Bool ? "true" : "false";
                case ValueKind.String:
                    if (type == ArgType.String)
                        return parameterNames != null && parameterNames.Contains(value.Text) ? "@" + value.Text : Literals.String(value.Text);
                    var expr = ExprParser.Parse(value.Text, out _);
                    string code = expr == null ? "default" : ExprEmitter.ToCSharp(expr);
                    return type switch
                    {
                        ArgType.Int => "(int)" + code,
                        ArgType.OptionalInt => "(int)" + code,
                        ArgType.Double => "(double)" + code,
                        _ => code,
                    };
                default: return "default";
            }
        }
    }
}
