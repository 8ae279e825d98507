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
    /// attribute there, InsertBefore puts "Value, " before it and InsertAfter ", Value" after it (same attribute list).
    /// </summary>
    internal static class FixHarness
    {
        public static bool HasFix(Diagnostic d) => d.Properties.ContainsKey(Keys.Action);

        public static string Apply(string source, Diagnostic d)
        {
            Xunit.Assert.True(HasFix(d), $"{d.Id} offers no edit: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            var span = d.AdditionalLocations[0].SourceSpan;
            string value = d.Properties[Keys.Value]!, argument = d.Properties[Keys.Argument]!;
            string target = source.Substring(span.Start, span.Length);
            string replacement = d.Properties[Keys.Action] switch
            {
                "Replace" => value,
                "AddArgument" => target.EndsWith(")", StringComparison.Ordinal)
                    ? target.Substring(0, target.Length - 1) + $", {argument} = {value})"
                    : target + $"({argument} = {value})",
                "InsertBefore" => value + ", " + target,
                "InsertAfter" => target + ", " + value,
                var other => throw new InvalidOperationException("unknown fix action " + other),
            };
            return source.Substring(0, span.Start) + replacement + source.Substring(span.End);
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
