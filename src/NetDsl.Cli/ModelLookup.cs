using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Cli
{
    /// <summary>Finds a catalogue entry by name; an unknown name is a usage error listing close names.</summary>
    internal static class ModelLookup
    {
        public static ModelEntry Find(IReadOnlyList<ModelEntry> models, string name)
        {
            foreach (var entry in models) if (entry.Name == name) return entry;
            var ignoringCase = models.Where(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (ignoringCase.Count == 1) return ignoringCase[0];

            var close = CloseNames(models.Select(m => m.Name), name);
            string hint = close.Count > 0
                ? "; did you mean " + string.Join(", ", close) + "?"
                : $"; run 'list' to see the {models.Count} models";
            throw new CliUsageException($"unknown model '{name}'{hint}");
        }

        /// <summary>Up to five names close to <paramref name="name"/> (see <see cref="ModelNames.Close"/>).</summary>
        public static IReadOnlyList<string> CloseNames(IEnumerable<string> names, string name) => ModelNames.Close(names, name);
    }
}
