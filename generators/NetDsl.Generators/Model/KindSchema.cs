using System;
using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Shapes;

namespace NetDsl.Generators.Model
{
    public enum ArgType { Int, OptionalInt, Double, Bool, String, Enum }

    /// <summary>One argument of a kind as the generator evaluates it: read from the kernel's argument record.</summary>
    public sealed class ArgDef
    {
        public ArgDef(string name, ArgType type, Scalar? @default, Type clrType)
        {
            Name = name;
            Type = type;
            Default = @default;
            ClrType = clrType;
        }

        /// <summary>The record's property ("OutChannels"); attribute arguments match it case-insensitively.</summary>
        public string Name { get; }
        public ArgType Type { get; }
        /// <summary>The record initialiser's value; null when required or absent-means-null.</summary>
        public Scalar? Default { get; }
        /// <summary>The property's type (an enum's name is emitted as its C# type).</summary>
        public Type ClrType { get; }
    }

    /// <summary>A kernel <see cref="LayerKind"/> with its arguments typed for expression evaluation and emission.</summary>
    internal sealed class KindSchema
    {
        KindSchema(LayerKind kind)
        {
            Kind = kind;
            var args = new List<ArgDef>();
            foreach (var a in kind.Arguments) args.Add(Describe(a));
            Args = args;
        }

        public LayerKind Kind { get; }
        public string Name => Kind.Name;
        public LayerRole Role => Kind.Role;
        public IReadOnlyList<ArgDef> Args { get; }

        static readonly Dictionary<string, KindSchema> all = Index();

        static Dictionary<string, KindSchema> Index()
        {
            var map = new Dictionary<string, KindSchema>();
            foreach (var k in LayerRegistry.All) map[k.Name] = new KindSchema(k);
            return map;
        }

        public static KindSchema? Find(string name) => all.TryGetValue(name, out var kind) ? kind : null;

        public ArgDef? Arg(string name)
        {
            foreach (var a in Args) if (string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)) return a;
            return null;
        }

        static ArgDef Describe(KindArgument a)
        {
            var t = a.Type;
            var type = t == typeof(int) ? ArgType.Int
                : t == typeof(int?) ? ArgType.OptionalInt
                : t == typeof(double) ? ArgType.Double
                : t == typeof(bool) ? ArgType.Bool
                : t.IsEnum ? ArgType.Enum
                : ArgType.String;
            Scalar? value = a.Required || a.Default == null ? (Scalar?)null : a.Default switch
            {
                int i => Scalar.Of(i),
                double d => Scalar.Of(d),
                bool b => Scalar.Of(b),
                string s => Scalar.Of(s),
                _ => Scalar.Of(Convert.ToInt64(a.Default, System.Globalization.CultureInfo.InvariantCulture)),
            };
            return new ArgDef(a.Name, type, value, t);
        }
    }
}
