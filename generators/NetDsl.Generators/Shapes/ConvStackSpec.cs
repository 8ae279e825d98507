using System.Collections.Generic;
using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>Parses a VGG-style stack spec ("64 64 M 128 M"): positive channel counts and M for max pool.</summary>
    internal static class ConvStackSpec
    {
        /// <summary>Item value: channels, or 0 for a 2x2 max pool. Returns null and an error text when malformed.</summary>
        public static List<int>? Parse(string spec, out string error)
        {
            var items = new List<int>();
            error = "";
            foreach (string raw in spec.Split(new[] { ' ', ',', '\t' }, System.StringSplitOptions.RemoveEmptyEntries))
            {
                if (raw == "M" || raw == "m") { items.Add(0); continue; }
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int c) || c <= 0)
                {
                    error = $"'{raw}' is neither a positive channel count nor M";
                    return null;
                }
                items.Add(c);
            }
            if (items.Count == 0) { error = "the spec is empty"; return null; }
            return items;
        }
    }
}
