using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Parsing
{
    /// <summary>
    /// ND0021 for a member with wiring but no layer (<c>[Add(nameof(up3))] Layer fuse;</c>, Keras' <c>Add()([a, b])</c>): a
    /// member's output is its last layer's, so the merge would have nowhere to go. When the next member takes the merged map as
    /// its input (no [From] of its own) and no member taps the layerless one, the wiring at the front of the next member's
    /// attributes computes the same; the message writes that attribute list.
    /// </summary>
    internal static class LayerlessWiring
    {
        /// <summary>A layerless member: its wiring as written, where it is, and the index the next member with layers will have.</summary>
        public sealed record Member(string Name, string Wiring, bool Auxiliary, LocationInfo? At, int NextIndex);

        /// <summary>The member's wiring attributes as written ("Add(nameof(up3))"), in order.</summary>
        public static string WiringText(ISymbol member) => AttributeText(member, wiringOnly: true);

        /// <summary>Every attribute of the member as written, in order.</summary>
        public static string AttributeText(ISymbol member, bool wiringOnly = false) =>
            string.Join(", ", member.GetAttributes()
                .Where(a => a.AttributeClass != null && (!wiringOnly || TypeNames.DerivesFrom(a.AttributeClass, TypeNames.WiringAttribute)))
                .Select(a => a.ApplicationSyntaxReference?.GetSyntax().ToString())
                .Where(t => !string.IsNullOrEmpty(t)));

        /// <summary>The diagnostic for <paramref name="layerless"/>, given every member with layers and each one's symbol.</summary>
        public static DiagnosticInfo Report(Member layerless, IReadOnlyList<MemberSpec> members, IReadOnlyList<ISymbol> symbols)
        {
            var next = layerless.NextIndex < members.Count ? members[layerless.NextIndex] : null;
            bool tapped = members.Any(m => Taps(m.Wiring).Contains(layerless.Name));
            string why = $"{layerless.Name} has wiring but no layer";
            if (next == null || next.Wiring?.From != null || next.Wiring?.IsAuxiliary == true || tapped || layerless.Auxiliary)
                return new DiagnosticInfo(ShapeIssueIds.TapMisuse, why + "; add the layer that consumes the merged input.", layerless.At);
            return new DiagnosticInfo(ShapeIssueIds.TapMisuse,
                $"{why}, and a member's output is its last layer's; move [{layerless.Wiring}] to the front of the next member's attributes, " +
                $"which then takes the merged map: [{layerless.Wiring}, {AttributeText(symbols[layerless.NextIndex])}] on {next.Name}.", layerless.At);
        }

        static IEnumerable<string> Taps(WiringSpec? wiring)
        {
            if (wiring == null) yield break;
            if (wiring.From != null) yield return wiring.From.Name;
            if (wiring.AuxOf != null) yield return wiring.AuxOf.Name;
            foreach (var merge in wiring.Merges) yield return merge.Tap.Name;
        }
    }
}
