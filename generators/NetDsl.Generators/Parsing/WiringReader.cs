using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Parsing
{
    /// <summary>Reads a member's [From], [Concat], [Add] and [Aux] attributes into a <see cref="WiringSpec"/>.</summary>
    internal static class WiringReader
    {
        /// <summary>Null when the member has no wiring; findings about misuse go to <paramref name="diagnostics"/>.</summary>
        public static WiringSpec? Read(ISymbol member, string memberName, List<DiagnosticInfo> diagnostics)
        {
            TapRef? from = null, aux = null;
            double weight = 0.3;
            ValueSpec? enabled = null;
            var merges = new List<TapMergeSpec>();
            bool sawLayer = false, any = false;
            LocationInfo? firstInputWiring = null;   // where an [Aux] head's conflicting [From]/[Concat]/[Add] is written
            foreach (var attribute in member.GetAttributes())
            {
                var cls = attribute.AttributeClass;
                if (cls == null) continue;
                if (TypeNames.DerivesFrom(cls, TypeNames.LayerAttribute)) { sawLayer = true; continue; }
                if (!TypeNames.DerivesFrom(cls, TypeNames.WiringAttribute) || attribute.AttributeConstructor == null) continue;
                any = true;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
                var (args, _) = ValueReader.ReadArguments(attribute, syntax);
                var tap = Tap(args, syntax);
                string kind = cls.Name.Substring(0, cls.Name.Length - "Attribute".Length);
                if (sawLayer)
                    diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.TapMisuse,
                        $"{memberName}: [{kind}] comes after a layer attribute; wiring applies to the member's input, so put [{kind}] before its layers.",
                        LocationInfo.From(syntax)));
                bool crop = Flag(args, "Crop");
                if (kind != "Aux") firstInputWiring ??= LocationInfo.From(syntax);
                switch (kind)
                {
                    case "From":
                        if (from != null) diagnostics.Add(Misuse(memberName, "has two [From] attributes; a member takes one input", syntax));
                        from = tap;
                        break;
                    case "Aux":
                        aux = tap;
                        foreach (var a in args)
                        {
                            if (a.Name == "Weight" && a.Value.Kind == ValueKind.Double) weight = a.Value.Double;
                            if (a.Name == "Enabled") enabled = a.Value;   // checked per instance, as [ChannelAffine]'s Enabled
                        }
                        break;
                    default:
                        merges.Add(new TapMergeSpec(tap, kind == "Concat", crop, LocationInfo.From(syntax), kind == "Multiply"));
                        break;
                }
            }
            if (!any) return null;
            if (aux != null && (from != null || merges.Count > 0))
                diagnostics.Add(Misuse(memberName, "is an auxiliary head and also has [From], [Concat] or [Add]; an [Aux] head runs on its tap's output as is", null, firstInputWiring ?? aux.Location));
            // A member without layers is reported by the declaration's parser (LayerlessWiring), which sees the next member.
            return new WiringSpec(from, EquatableArray.From(merges), aux, weight, enabled);
        }

        static TapRef Tap(List<ArgSpec> args, AttributeSyntax? syntax)
        {
            foreach (var a in args)
                if (a.Name == "tap") return new TapRef(a.Value.Kind == ValueKind.String ? a.Value.Text : "", a.Value.Location ?? LocationInfo.From(syntax));
            return new TapRef("", LocationInfo.From(syntax));
        }

        static bool Flag(List<ArgSpec> args, string name)
        {
            foreach (var a in args) if (a.Name == name && a.Value.Kind == ValueKind.Bool) return a.Value.Bool;
            return false;
        }

        static DiagnosticInfo Misuse(string member, string what, AttributeSyntax? syntax, LocationInfo? at = null) =>
            new DiagnosticInfo(ShapeIssueIds.TapMisuse, $"{member} {what}.", at ?? LocationInfo.From(syntax));
    }
}
