using System.Text;

namespace NetDsl.Generators.Emit
{
    /// <summary>A small indented writer; lines end with \n whatever the platform.</summary>
    internal sealed class SourceWriter
    {
        readonly StringBuilder sb = new StringBuilder();
        int indent;

        public SourceWriter Line(string text = "")
        {
            if (text.Length > 0) sb.Append(' ', indent * 4).Append(text);
            sb.Append('\n');
            return this;
        }

        public SourceWriter Open(string text)
        {
            Line(text);
            Line("{");
            indent++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            indent--;
            return Line("}" + suffix);
        }

        public override string ToString() => sb.ToString();
    }
}
