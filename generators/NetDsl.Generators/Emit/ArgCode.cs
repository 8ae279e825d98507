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
        readonly string[] inputs;
        readonly string? index;

        ArgCode(DeclarationSpec? decl, string[] dims, string[] inputs, string? index = null)
        {
            if (decl != null) foreach (var p in decl.Parameters) parameters.Add(p.Name);
            this.dims = dims;
            this.inputs = inputs;
            this.index = index;
        }

        /// <summary>
        /// For Build: C, H, W read <paramref name="shapeVariable"/> (a TensorShape), InC, InH, InW the
        /// declaration's input shape, and i (in a Repeat's arguments) <paramref name="indexVariable"/>.
        /// </summary>
        public static ArgCode ForBuild(DeclarationSpec decl, string shapeVariable = "__shape", string? indexVariable = null) =>
            new ArgCode(decl, new[] { shapeVariable + ".C", shapeVariable + ".H", shapeVariable + ".W", shapeVariable + ".L" },
                new[] { "__input.C", "__input.H", "__input.W", "__input.L" }, indexVariable);

        /// <summary>
        /// For forward: C, H, W (L) read the input tensor's sizes; InC, InH, InW (InL) the declaration's input tensor's. H is 1
        /// and W the length on an N x C x L tensor.
        /// </summary>
        public static ArgCode ForForward(DeclarationSpec decl) =>
            new ArgCode(decl, new[] { "(int)__x.shape[1]", "(__x.dim() == 4 ? (int)__x.shape[2] : 1)", "(int)__x.shape[__x.dim() - 1]", "(int)__x.shape[__x.dim() - 1]" },
                new[] { "(int)__input.shape[1]", "(__input.dim() == 4 ? (int)__input.shape[2] : 1)", "(int)__input.shape[__input.dim() - 1]", "(int)__input.shape[__input.dim() - 1]" });

        /// <summary>Constants only (variant arguments, parameter defaults).</summary>
        public static string Constant(ValueSpec value, ArgType type) => new ArgCode(null, new string[0], new string[0]).Of(value, type);

        /// <summary>
        /// The kind's argument record as an object initialiser over the arguments written (and those the kind implies):
        /// <c> { OutChannels = 64, Kernel = 7, Stride = 2 }</c> (empty when nothing is written). Unwritten ones keep the record's initialiser, the only default.
        /// </summary>
        public string Record(LayerSpec layer, KindSchema kind)
        {
            var parts = new List<string>();
            foreach (var def in kind.Args)
            {
                var value = layer.Arg(def.Name);
                if (value.Kind != ValueKind.Missing) parts.Add(def.Name + " = " + Of(value, def));
            }
            foreach (var pair in kind.Kind.Implied) parts.Add(pair.Key + " = " + EnumMember(pair.Value));
            return parts.Count == 0 ? "" : " { " + string.Join(", ", parts) + " }";
        }

        /// <summary>One argument of a record: an enum constant by its member name (Act.Hardswish), other values as <see cref="Of(ValueSpec, ArgType)"/>.</summary>
        public string Of(ValueSpec value, ArgDef def)
        {
            if (def.Type != ArgType.Enum) return Of(value, def.Type);
            string type = "global::" + def.ClrType.FullName;
            if (value.Kind == ValueKind.Int && System.Enum.IsDefined(def.ClrType, (int)value.Int))
                return EnumMember(System.Enum.ToObject(def.ClrType, value.Int));
            return $"({type})({Of(value, ArgType.Int)})";
        }

        static string EnumMember(object value) => "global::" + value.GetType().FullName + "." + value;

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
            if (dim >= 0 && dim < dims.Length) return dims[dim];
            int input = System.Array.IndexOf(Checking.ArgResolver.InputNames, identifier);
            if (input >= 0 && input < inputs.Length) return inputs[input];
            if (identifier == Checking.ArgResolver.IndexName && index != null) return index;
            return "@" + identifier;
        }
    }
}
