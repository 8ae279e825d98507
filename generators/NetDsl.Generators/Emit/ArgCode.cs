using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>
    /// C# source for an attribute argument, evaluated at run time: parameter names become the class's
    /// primary-constructor parameters; C, H and W become the shape entering the layer (the tracked
    /// shape in Build, the tensor's own sizes in forward).
    /// </summary>
    internal sealed class ArgCode
    {
        readonly HashSet<string> parameters = new HashSet<string>();
        readonly string[] dims;

        ArgCode(DeclarationSpec? decl, string[] dims)
        {
            if (decl != null) foreach (var p in decl.Parameters) parameters.Add(p.Name);
            this.dims = dims;
        }

        /// <summary>For Build: C, H, W read <paramref name="shapeVariable"/> (a TensorShape).</summary>
        public static ArgCode ForBuild(DeclarationSpec decl, string shapeVariable = "__shape") =>
            new ArgCode(decl, new[] { shapeVariable + ".C", shapeVariable + ".H", shapeVariable + ".W" });

        /// <summary>For forward: C, H, W read the input tensor's sizes.</summary>
        public static ArgCode ForForward(DeclarationSpec decl) =>
            new ArgCode(decl, new[] { "(int)__x.shape[1]", "(int)__x.shape[2]", "(int)__x.shape[3]" });

        /// <summary>Constants only (variant arguments, parameter defaults).</summary>
        public static string Constant(ValueSpec value, ArgType type) => new ArgCode(null, new string[0]).Of(value, type);

        public string Of(LayerSpec layer, string argName)
        {
            var def = LayerKind.Find(layer.Kind)!.Arg(argName)!;
            var value = layer.Arg(argName);
            if (value.Kind == ValueKind.Missing)
                return def.Default.HasValue ? Literals.Of(def.Default.Value) : "null";
            return Of(value, def.Type);
        }

        public string Of(ValueSpec value, ArgType type)
        {
            switch (value.Kind)
            {
                case ValueKind.Int: return type == ArgType.Double ? Literals.Double(value.Int) : value.Int.ToString(System.Globalization.CultureInfo.InvariantCulture);
                case ValueKind.Double: return Literals.Double(value.Double);
                case ValueKind.Bool: return value.Bool ? "true" : "false";
                case ValueKind.String:
                    if (type == ArgType.String)
                        return parameters.Contains(value.Text) ? "@" + value.Text : Literals.String(value.Text);
                    var expr = ExprParser.Parse(value.Text, out _);
                    string code = expr == null ? "default" : ExprEmitter.ToCSharp(expr, Name);
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

        string Name(string identifier)
        {
            if (parameters.Contains(identifier)) return "@" + identifier;
            int dim = System.Array.IndexOf(Checking.ArgResolver.ShapeNames, identifier);
            return dim >= 0 && dim < dims.Length ? dims[dim] : "@" + identifier;
        }
    }
}
