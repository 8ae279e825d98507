using System.CommandLine;
using System.Linq;
using System.Text;

namespace NetDsl.Cli
{
    /// <summary>
    /// The top-level usage (<c>help</c>, <c>--help</c>, or no command): each command's synopsis, built from
    /// its declared argument and options (required ones bare, the rest in brackets), and its description.
    /// </summary>
    internal static class Overview
    {
        const int Width = 100, DescriptionColumn = 40;

        public static string Write(RootCommand root)
        {
            var text = new StringBuilder("usage: COMMAND [options]; COMMAND --help lists every option with its default\n");
            foreach (var command in root.Subcommands.Where(c => !c.Hidden))
            {
                string synopsis = Synopsis(command), description = command.Description ?? "";
                string column = new string(' ', DescriptionColumn);
                if (synopsis.Length + 3 < DescriptionColumn)
                    text.Append(Wrap(("  " + synopsis).PadRight(DescriptionColumn) + description, "", column));
                else
                    text.Append(Wrap(synopsis, "  ", "  " + new string(' ', command.Name.Length + 1))).Append(Wrap(description, column, column));
            }
            text.Append("  --version                             the NetDsl version");
            return text.ToString();
        }

        static string Synopsis(Command command)
        {
            var parts = command.Arguments.Select(a => a.Name).ToList();
            foreach (var option in command.Options.Where(o => !o.Hidden && o.Name.StartsWith("--", System.StringComparison.Ordinal) && o.Name != "--help"))
            {
                string part = option.Arity.MaximumNumberOfValues == 0 ? option.Name : option.Name + " " + (option.HelpName ?? "VALUE");
                parts.Add(option.Required ? part : "[" + part + "]");
            }
            return command.Name + (parts.Count > 0 ? " " + string.Join(" ", parts) : "");
        }

        /// <summary>Words of <paramref name="line"/> on lines of at most <see cref="Width"/> characters.</summary>
        static string Wrap(string line, string firstIndent, string indent)
        {
            var text = new StringBuilder(firstIndent);
            int column = firstIndent.Length;
            bool first = true;
            foreach (string word in line.Split(' '))
            {
                if (!first && column + 1 + word.Length > Width)
                {
                    text.Append('\n').Append(indent);
                    column = indent.Length;
                    first = true;
                }
                if (!first) { text.Append(' '); column++; }
                text.Append(word);
                column += word.Length;
                first = false;
            }
            return text.Append('\n').ToString();
        }
    }
}
