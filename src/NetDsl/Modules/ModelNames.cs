using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl
{
    /// <summary>Model names close to a mistyped one, for "did you mean …" messages (the CLI's and <c>Models.Create</c>'s).</summary>
    public static class ModelNames
    {
        /// <summary>Up to five names within a small edit distance of <paramref name="name"/>, or containing it.</summary>
        public static IReadOnlyList<string> Close(IEnumerable<string> names, string name)
        {
            string wanted = name.ToLowerInvariant();
            return names
                .Select(n => (name: n, distance: Distance(n.ToLowerInvariant(), wanted)))
                .Where(c => c.distance <= Math.Max(2, wanted.Length / 3) || (wanted.Length >= 3 && c.name.Contains(wanted, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(c => c.distance).ThenBy(c => c.name, StringComparer.Ordinal)
                .Take(5).Select(c => c.name).ToList();
        }

        /// <summary>Edit distance counting a swap of neighbours as one edit ("resnet81" is one from "resnet18").</summary>
        static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            return d[a.Length, b.Length];
        }
    }
}
