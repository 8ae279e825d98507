using System;
using System.Collections.Generic;

namespace NetDsl
{
    /// <summary>
    /// The <c>name=value,...</c> lists of <c>--arg</c> and <c>--lr-scale</c> (and their model-card strings): pairs
    /// separated by commas, spaces around either part ignored, each name at most once.
    /// </summary>
    internal static class NameValueList
    {
        /// <summary>
        /// The pairs of <paramref name="text"/> by name (empty for null or blank text). Throws <see cref="FormatException"/>
        /// naming the pair for one without '=', an empty name or value, or a name given twice; <paramref name="what"/>
        /// ("model argument") and <paramref name="form"/> ("NAME=VALUE (e.g. auxLogits=false)") word the message.
        /// </summary>
        public static SortedDictionary<string, string> Parse(string? text, string what, string form, Func<string, string>? normalizeName = null)
        {
            var parsed = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(text)) return parsed;
            foreach (string raw in text.Split(','))
            {
                string pair = raw.Trim();
                int eq = pair.IndexOf('=');
                string name = eq < 0 ? "" : pair.Substring(0, eq).Trim(), value = eq < 0 ? "" : pair.Substring(eq + 1).Trim();
                if (normalizeName != null) name = normalizeName(name);
                if (eq < 0 || name.Length == 0 || value.Length == 0)
                    throw new FormatException($"{what} '{pair}' is not {form}");
                if (parsed.ContainsKey(name))
                    throw new FormatException($"{what} '{name}' is given twice");
                parsed[name] = value;
            }
            return parsed;
        }
    }
}
