extern alias generator;
using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Keys = generator::NetDsl.Generators.Model.FixEdit.Keys;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Applies a diagnostic's suggested edit to the source exactly as its properties say, with no judgement: the first
    /// additional location is the target; Replace writes the value over it, AddArgument appends "Argument = Value" to the
    /// attribute there, InsertBefore puts "Value, " before it and InsertAfter ", Value" after it (same attribute list);
    /// a fix of several edits applies each (they do not overlap) as one change.
    /// </summary>
    internal static class FixHarness
    {
        public static bool HasFix(Diagnostic d) => d.Properties.ContainsKey(Keys.Action);

        public static string Apply(string source, Diagnostic d)
        {
            Xunit.Assert.True(HasFix(d), $"{d.Id} offers no edit: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            // A fix of several edits (NetDsl.FixMore = n): edit i under the same keys with ".i" appended, at additional location i.
            int more = d.Properties.TryGetValue(Keys.More, out var m) ? int.Parse(m!, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var edits = Enumerable.Range(0, more + 1)
                .Select(i => (Span: d.AdditionalLocations[i].SourceSpan, Suffix: i == 0 ? "" : "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .OrderByDescending(e => e.Span.Start).ToList();
            for (int i = 1; i < edits.Count; i++) Xunit.Assert.True(edits[i].Span.End <= edits[i - 1].Span.Start, "the fix's edits overlap");
            foreach (var (span, suffix) in edits)   // from the end, so the spans before stay put
            {
                string value = d.Properties[Keys.Value + suffix]!, argument = d.Properties[Keys.Argument + suffix]!;
                string target = source.Substring(span.Start, span.Length);
                string replacement = d.Properties[Keys.Action + suffix] switch
                {
                    "Replace" => value,
                    "AddArgument" => target.EndsWith(")", StringComparison.Ordinal)
                        ? target.Substring(0, target.Length - 1) + $", {argument} = {value})"
                        : target + $"({argument} = {value})",
                    "InsertBefore" => value + ", " + target,
                    "InsertAfter" => target + ", " + value,
                    var other => throw new InvalidOperationException("unknown fix action " + other),
                };
                source = source.Substring(0, span.Start) + replacement + source.Substring(span.End);
            }
            return source;
        }

        /// <summary>Applies the first NetDsl diagnostic's edit until none is left (at most <paramref name="rounds"/>); returns the source and how many edits it took.</summary>
        public static (string Source, int Edits) ApplyAll(string source, int rounds = 8)
        {
            for (int i = 0; i < rounds; i++)
            {
                var found = GeneratorHarness.Run(source).NetDsl.ToList();
                if (found.Count == 0) return (source, i);
                source = Apply(source, found[0]);
            }
            throw new InvalidOperationException("the suggested edits did not converge:\n" + source);
        }
    }
}
