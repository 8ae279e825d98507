using System.Collections.Generic;

namespace NetDsl.Shapes
{
    /// <summary>One "name: value" of a named block-argument list; <see cref="Start"/> is the value's offset in the list.</summary>
    internal sealed class NamedArgument
    {
        public NamedArgument(string name, string value, int nameStart, int start)
        {
            Name = name;
            Value = value;
            NameStart = nameStart;
            Start = start;
        }

        public string Name { get; }
        /// <summary>The value as written: a number, true/false, a parameter name or an expression ("make_divisible(16 * width, 8)").</summary>
        public string Value { get; }
        public int NameStart { get; }
        public int Start { get; }
    }

    /// <summary>
    /// Parses the named block arguments of [Use]/[Repeat] (<c>Args = "channels: 32, stride: 2"</c>, <c>First = "stride: 2"</c>):
    /// comma-separated "name: value" pairs; commas inside parentheses belong to the value.
    /// </summary>
    internal static class NamedArguments
    {
        /// <summary>The pairs, or null with <paramref name="error"/> and the offset of the bad part.</summary>
        public static List<NamedArgument>? Parse(string text, out string error, out int errorAt)
        {
            var result = new List<NamedArgument>();
            error = "";
            errorAt = 0;
            int i = 0;
            while (i < text.Length)
            {
                int partStart = i, depth = 0;
                while (i < text.Length && !(text[i] == ',' && depth == 0))
                {
                    if (text[i] == '(') depth++;
                    if (text[i] == ')') depth--;
                    i++;
                }
                string part = text.Substring(partStart, i - partStart);
                i++; // the comma
                if (part.Trim().Length == 0)
                {
                    if (i > text.Length && result.Count > 0) break; // a trailing comma
                    error = "an argument is empty";
                    errorAt = partStart;
                    return null;
                }
                int colon = part.IndexOf(':');
                string name = colon < 0 ? "" : part.Substring(0, colon).Trim();
                if (colon < 0 || !IsIdentifier(name))
                {
                    error = $"'{part.Trim()}' is not 'name: value'";
                    errorAt = partStart;
                    return null;
                }
                string value = part.Substring(colon + 1);
                int lead = value.Length - value.TrimStart().Length;
                if (value.Trim().Length == 0)
                {
                    error = $"'{name}' has no value";
                    errorAt = partStart;
                    return null;
                }
                foreach (var seen in result)
                    if (seen.Name == name)
                    {
                        error = $"'{name}' is given twice";
                        errorAt = partStart;
                        return null;
                    }
                int nameStart = partStart + (part.Length - part.TrimStart().Length);
                result.Add(new NamedArgument(name, value.Trim(), nameStart, partStart + colon + 1 + lead));
            }
            return result;
        }

        static bool IsIdentifier(string s)
        {
            if (s.Length == 0 || !(char.IsLetter(s[0]) || s[0] == '_')) return false;
            foreach (char c in s) if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
            return true;
        }
    }
}
