using System;
using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// An enum argument written as a string: <c>[Upsample(2, Mode = "bilinear")]</c> is PyTorch's spelling, but the attribute
    /// takes the enum value (<c>Interpolation.Bilinear</c>), and the string would otherwise be read as an expression naming an
    /// unknown parameter. The diagnostic names the enum member the string spells (any case) and edits it in.
    /// </summary>
    internal static class EnumArguments
    {
        /// <summary>ND0002 for a string that is no parameter given to an enum argument; null otherwise.</summary>
        public static DiagnosticInfo? Check(string path, string what, ArgDef def, ValueSpec value, HashSet<string> parameters)
        {
            if (def.Type != ArgType.Enum || value.Kind != ValueKind.String || parameters.Contains(value.Text)) return null;
            return Stringly(path, what, def.Name, def.ClrType, value, property: true);
        }

        /// <summary>
        /// ND0002 for the string <paramref name="value"/> given where <paramref name="name"/> takes a value of the enum
        /// <paramref name="clrType"/>: an attribute's property (<c>write Mode = Interpolation.Bilinear</c>) or a block's parameter
        /// (<c>[Use(typeof(B), 8, "relu")]</c> for <c>Act a</c>: <c>write Act.ReLU</c>), with the member it spells as the edit.
        /// </summary>
        public static DiagnosticInfo Stringly(string path, string what, string name, Type clrType, ValueSpec value, bool property)
        {
            string type = clrType.Name;
            string[] members = Enum.GetNames(clrType);
            string? spelled = Array.Find(members, m => string.Equals(Plain(m), Plain(value.Text), StringComparison.OrdinalIgnoreCase));
            // Only Act may be a block parameter's type (Binding.TypeOf), so only there can nameof(p) stand for the value.
            string parameter = clrType.FullName == "NetDsl.Act" ? $", or nameof(p) for a parameter p of type {type}" : "";
            // The edit replaces the string literal (or, inside an Args list, the value's own text).
            bool editable = value.Location is { } place && (place.Span.Length == value.Text.Length + 2 || place.Span.Length == value.Text.Length);
            if (spelled != null)
                return new DiagnosticInfo(ShapeIssueIds.BadExpression,
                    $"{path}: {what} is the string \"{value.Text}\", but {name} takes {Article(type)} {type} value, not a string; write {(property ? name + " = " : "")}{type}.{spelled}.",
                    value.Location, Fix: editable && value.Location is { } at ? new FixEdit(FixAction.Replace, at, name, type + "." + spelled) : null);
            return new DiagnosticInfo(ShapeIssueIds.BadExpression,
                $"{path}: {what} is the string \"{value.Text}\", which names no {type} value and no parameter; write one of " +
                string.Join(", ", Array.ConvertAll(members, m => type + "." + m)) + parameter + ".",
                value.Location);
        }

        /// <summary>
        /// ND0013 for an enum argument whose number names no member (<c>(Interpolation)42</c>): C# accepts the cast, but the layer
        /// would get a mode PyTorch does not have. Null for a member, a string (an expression, a parameter) or another type.
        /// </summary>
        public static DiagnosticInfo? OutOfRange(string path, string what, ArgDef def, ValueSpec value)
        {
            if (def.Type != ArgType.Enum || value.Kind != ValueKind.Int) return null;
            return OutOfRange(path, what, def.ClrType, value.Int, value.Location);
        }

        /// <summary>ND0013 when <paramref name="number"/> names no member of <paramref name="type"/>, naming the members; null otherwise.</summary>
        public static DiagnosticInfo? OutOfRange(string path, string what, Type type, long number, LocationInfo? at)
        {
            foreach (var v in Enum.GetValues(type))
                if (Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) == number) return null;
            return OutOfRange(path, what, type.Name, Enum.GetNames(type), number, at);
        }

        /// <summary>ND0013 for <paramref name="number"/> cast to the enum <paramref name="type"/> with <paramref name="members"/>, none of which it names.</summary>
        public static DiagnosticInfo OutOfRange(string path, string what, string type, IReadOnlyList<string> members, long number, LocationInfo? at)
        {
            var names = new List<string>();
            foreach (var m in members) names.Add(type + "." + m);
            string n = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                $"{path}: {what} is ({type}){n}, which names no {type} value; write one of {string.Join(", ", names)}.", at);
        }

        static string Article(string word) => "AEIOUaeiou".IndexOf(word[0]) >= 0 ? "an" : "a";

        // "leaky_relu", "Leaky-ReLU" and "LeakyReLU" spell the same member.
        static string Plain(string name) => name.Replace("_", "").Replace("-", "").Replace(" ", "");
    }
}
