using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>
    /// A file's wish for a hint name (its key and the name it would like), and the names all files get: AddSource throws on a
    /// hint name used twice, compared case-insensitively, so the second of two clashing names gets "Name_2.g.cs".
    /// </summary>
    /// <remarks>
    /// Assigned from the claims alone (plain strings, no generated text), so the assignment stays Cached while declarations' code
    /// changes, and each declaration's file, named by a lookup in it, stays its own output.
    /// </remarks>
    public sealed record HintClaim(string Key, string HintName)
    {
        /// <summary>The claim of a file that will be added (one with text), else null.</summary>
        public static HintClaim? Of(GeneratedSource? file) => file?.Text == null ? null : new HintClaim(file.Key, file.HintName);

        /// <summary>
        /// The unique names: the catalogue's first (where it is emitted), then networks', then blocks', each group ordered by the name it
        /// wants (then its key), so which of two clashing declarations gets the suffix does not depend on file order.
        /// </summary>
        public static EquatableArray<HintClaim> Assign(bool catalog, ImmutableArray<HintClaim?> networks, ImmutableArray<HintClaim?> blocks)
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var assigned = new List<HintClaim>();
            if (catalog) assigned.Add(new HintClaim(NetDslGenerator.CatalogHintName, Unique(NetDslGenerator.CatalogHintName, used)));
            foreach (var group in new[] { networks, blocks })
                foreach (var claim in group.Where(c => c != null).OrderBy(c => c!.HintName, StringComparer.Ordinal).ThenBy(c => c!.Key, StringComparer.Ordinal))
                    assigned.Add(new HintClaim(claim!.Key, Unique(claim.HintName, used)));
            return EquatableArray.From(assigned);
        }

        /// <summary>The file under the name assigned to its key (unchanged when it has no text to add).</summary>
        public static GeneratedSource? Named(GeneratedSource? file, EquatableArray<HintClaim> assigned)
        {
            if (file?.Text == null) return file;
            foreach (var a in assigned)
                if (a.Key == file.Key) return a.HintName == file.HintName ? file : file with { HintName = a.HintName };
            return file;
        }

        /// <summary><paramref name="hint"/>, or the first free "Name_2.g.cs", "Name_3.g.cs", … where that name is taken (case-insensitively).</summary>
        public static string Unique(string hint, HashSet<string> used)
        {
            const string suffix = ".g.cs";
            string stem = hint.EndsWith(suffix, StringComparison.Ordinal) ? hint.Substring(0, hint.Length - suffix.Length) : hint;
            string name = stem + suffix;
            for (int n = 2; !used.Add(name); n++) name = stem + "_" + n.ToString(CultureInfo.InvariantCulture) + suffix;
            return name;
        }
    }
}
