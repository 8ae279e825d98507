using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Parsing
{
    /// <summary>Turns attribute arguments (TypedConstant + their syntax) into plain <see cref="ValueSpec"/>s.</summary>
    internal static class ValueReader
    {
        public static ValueSpec Read(TypedConstant constant, LocationInfo? at)
        {
            switch (constant.Kind)
            {
                case TypedConstantKind.Type:
                    return constant.Value is ITypeSymbol type
                        ? ValueSpec.OfType(TypeNames.Of(type), at, type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "NetDsl.NetworkAttribute")) with
                        {
                            ReferencedBlockAssembly = !type.Locations.Any(l => l.IsInSource) && type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "NetDsl.BlockAttribute")
                                ? type.ContainingAssembly?.Name ?? "another assembly" : null,
                        }
                        : ValueSpec.OfInvalid("a type", at);
                case TypedConstantKind.Primitive:
                case TypedConstantKind.Enum:
                    return constant.Value switch
                    {
                        null => ValueSpec.Missing,
                        bool b => ValueSpec.OfBool(b, at),
                        string s => ValueSpec.OfString(s, at),
                        double d => ValueSpec.OfDouble(d, at),
                        float f => ValueSpec.OfDouble(f, at),
                        decimal m => ValueSpec.OfDouble((double)m, at),
                        char c => ValueSpec.OfInvalid("a character", at),
                        ulong ul => ValueSpec.OfInt(unchecked((long)ul), at),
                        object o when IsInteger(o) => ValueSpec.OfInt(System.Convert.ToInt64(o, System.Globalization.CultureInfo.InvariantCulture), at),
                        _ => ValueSpec.OfInvalid(constant.Value.GetType().Name, at),
                    };
                case TypedConstantKind.Array:
                    return ValueSpec.OfInvalid("an array", at);
                default:
                    return ValueSpec.OfInvalid("an invalid value", at);
            }
        }

        static bool IsInteger(object o) => o is int || o is long || o is short || o is sbyte || o is byte || o is ushort || o is uint;

        /// <summary>Arguments of an attribute keyed by constructor-parameter or property name, with their locations.</summary>
        public static (List<ArgSpec> Args, List<ValueSpec> Extra) ReadArguments(AttributeData data, AttributeSyntax? syntax)
        {
            var args = new List<ArgSpec>();
            var extra = new List<ValueSpec>();
            var ctor = data.AttributeConstructor;
            var positional = new List<AttributeArgumentSyntax>();
            var byName = new Dictionary<string, AttributeArgumentSyntax>();
            if (syntax?.ArgumentList != null)
                foreach (var a in syntax.ArgumentList.Arguments)
                {
                    if (a.NameEquals != null) byName[a.NameEquals.Name.Identifier.ValueText] = a;
                    else if (a.NameColon != null) byName[a.NameColon.Name.Identifier.ValueText] = a;
                    else positional.Add(a);
                }
            LocationInfo? fallback = LocationInfo.From(syntax);
            if (ctor != null)
            {
                ImmutableArray<IParameterSymbol> ps = ctor.Parameters;
                for (int i = 0; i < ps.Length && i < data.ConstructorArguments.Length; i++)
                {
                    var p = ps[i];
                    var constant = data.ConstructorArguments[i];
                    if (p.IsParams && constant.Kind == TypedConstantKind.Array && constant.IsNull)
                    {
                        // A lone null ([Variant("x", null)]) is passed as the params array itself: one argument that is null.
                        extra.Add(ValueSpec.OfInvalid("null", i < positional.Count ? LocationInfo.From(positional[i].Expression) : fallback));
                        continue;
                    }
                    if (p.IsParams && constant.Kind == TypedConstantKind.Array)
                    {
                        var items = constant.Values;
                        for (int j = 0; j < items.Length; j++)
                        {
                            int at = i + j;
                            var loc = at < positional.Count ? LocationInfo.From(positional[at].Expression) : fallback;
                            extra.Add(items[j].IsNull ? ValueSpec.OfInvalid("null", loc) : Read(items[j], loc));
                        }
                        continue;
                    }
                    var argSyntax = byName.TryGetValue(p.Name, out var named) ? named : i < positional.Count ? positional[i] : null;
                    var argAt = LocationInfo.From(argSyntax?.Expression) ?? fallback;
                    // A null written for a value (SqueezeExcite(null)) is reported where it is written, not read as an argument left out.
                    args.Add(new ArgSpec(p.Name, argSyntax != null && constant.IsNull && p.Type.SpecialType is SpecialType.System_Object
                        ? ValueSpec.OfInvalid("null", argAt) : Read(constant, argAt)));
                }
            }
            foreach (var pair in data.NamedArguments)
            {
                var loc = byName.TryGetValue(pair.Key, out var s) ? LocationInfo.From(s.Expression) : fallback;
                args.Add(new ArgSpec(pair.Key, Read(pair.Value, loc)));
            }
            return (args, extra);
        }
    }

    internal static class TypeNames
    {
        public const string LayerAttribute = "global::NetDsl.LayerAttribute";
        public const string WiringAttribute = "global::NetDsl.WiringAttribute";

        public static string Of(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

        /// <summary>Whether <paramref name="cls"/> derives (directly or not) from the type named <paramref name="baseName"/>.</summary>
        public static bool DerivesFrom(INamedTypeSymbol cls, string baseName)
        {
            for (var t = cls.BaseType; t != null; t = t.BaseType)
                if (Of(t) == baseName) return true;
            return false;
        }
    }
}
