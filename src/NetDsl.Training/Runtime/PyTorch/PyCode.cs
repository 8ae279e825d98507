using System.Globalization;
using System.Text;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>Python literals and names, invariant culture.</summary>
    internal static class PyCode
    {
        public static string Bool(bool value) => value ? "True" : "False";

        public static string Float(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.Contains('.') || text.Contains('E') || text.Contains('e') ? text : text + ".0";
        }

        public static string Str(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        /// <summary>A Python identifier for <paramref name="name"/>: other characters become '_', a leading digit gets a prefix.</summary>
        public static string Identifier(string name, string digitPrefix = "m")
        {
            var text = new StringBuilder();
            foreach (char c in name) text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
            if (text.Length == 0 || char.IsAsciiDigit(text[0])) text.Insert(0, digitPrefix);
            string id = text.ToString();
            return Keywords.Contains(id) ? id + "_" : id;
        }

        static readonly System.Collections.Generic.HashSet<string> Keywords = new()
        {
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
            "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
            "pass", "raise", "return", "try", "while", "with", "yield", "input", "self", "x", "torch", "nn", "F",
        };
    }
}
