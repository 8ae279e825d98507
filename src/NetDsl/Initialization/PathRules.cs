using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetDsl.Initialization
{
    /// <summary>
    /// <see cref="WeightInitAttribute.ByPath"/> parsed: "path: Rule" or "path: Rule(std)" entries, each for the layers at or
    /// under its state-dict path (the longest matching path wins), with a record of which paths matched so that one naming
    /// no layer is reported.
    /// </summary>
    internal sealed class PathRules
    {
        readonly List<(string Path, InitRule Rule, double? Std)> entries = new();
        readonly HashSet<string> used = new();

        PathRules() { }

        /// <summary>The entries of <paramref name="text"/> (null or blank: none); a malformed entry throws naming it.</summary>
        public static PathRules Parse(string? text)
        {
            var result = new PathRules();
            if (string.IsNullOrWhiteSpace(text)) return result;
            foreach (var part in text.Split(','))
            {
                int colon = part.IndexOf(':');
                string path = colon < 0 ? "" : part.Substring(0, colon).Trim();
                string rule = colon < 0 ? "" : part.Substring(colon + 1).Trim();
                double? std = null;
                int open = rule.IndexOf('(');
                if (open > 0 && rule.EndsWith(")", StringComparison.Ordinal))
                {
                    std = double.TryParse(rule.Substring(open + 1, rule.Length - open - 2).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? s : -1;
                    rule = rule.Substring(0, open).Trim();
                }
                if (path.Length == 0 || std < 0 || !Enum.TryParse(rule, ignoreCase: false, out InitRule parsed) || !Enum.IsDefined(typeof(InitRule), parsed) || rule.Any(char.IsDigit))
                    throw new ArgumentException($"[WeightInit(ByPath)]: \"{part.Trim()}\" is not \"path: Rule\" or \"path: Rule(std)\" with a positive std " +
                                                $"and one of {string.Join(", ", Enum.GetNames(typeof(InitRule)))} (e.g. \"AuxLogits.fc: TruncatedNormal(0.001)\")");
                result.entries.Add((path, parsed, std));
            }
            return result;
        }

        /// <summary>The rule and std of the longest entry matching <paramref name="modulePath"/>; null when none does.</summary>
        public (InitRule Rule, double? Std)? For(string modulePath)
        {
            (string Path, InitRule Rule, double? Std)? best = null;
            foreach (var entry in entries)
                if ((modulePath == entry.Path || modulePath.StartsWith(entry.Path + ".", StringComparison.Ordinal)) && (best == null || entry.Path.Length > best.Value.Path.Length))
                    best = entry;
            if (best is not { } found) return null;
            used.Add(found.Path);
            return (found.Rule, found.Std);
        }

        /// <summary>
        /// Throws naming the first path that matched no convolution or linear layer of <paramref name="network"/>, unless its
        /// first segment is a member the declaration has but this instance did not build (an auxiliary head switched off).
        /// </summary>
        public void CheckAllUsed(object network)
        {
            var type = network.GetType();
            var unused = entries.Select(e => e.Path).FirstOrDefault(p => !used.Contains(p) && !Declared(type, p.Split('.')[0]));
            if (unused != null)
                throw new ArgumentException($"{type.Name}: [WeightInit(ByPath)] names \"{unused}\", which holds no convolution or linear layer; write a state-dict path such as \"AuxLogits.fc\"");
        }

        // A network's layer fields are assigned by its generated constructor, so trimming keeps every one this looks for.
        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Layer fields are assigned by the generated constructor: a trimmed app keeps them.")]
        static bool Declared(Type type, string member) =>
            type.GetField(member, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic) != null;
    }
}
