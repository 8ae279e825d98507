using System.Reflection;
using System.Text;

namespace NetDsl.Cli
{
    /// <summary>
    /// The help texts, written from <see cref="CliCommands"/>: the overview (every command's usage lines) and a
    /// command's help (its usage lines, then every option with its value, what it does and its default).
    /// </summary>
    internal static class CliHelp
    {
        const int DescriptionColumn = 40, Width = 120;

        public static string Overview()
        {
            var text = new StringBuilder("usage:\n");
            foreach (var command in CliCommands.All) text.Append(command.Usage).Append('\n');
            text.Append("  COMMAND --help, help COMMAND          every option of COMMAND with its default\n");
            text.Append("  --version                             the NetDsl version");
            return text.ToString();
        }

        public static string For(CommandSpec command)
        {
            var text = new StringBuilder("usage:\n").Append(command.Usage).Append('\n');
            text.Append("options:\n");
            foreach (var option in command.Options)
                Row(text, option.IsFlag ? option.Token : option.Token + " " + option.ValueName, option.Description + " " + DefaultNote(option));
            Row(text, "-h, --help", "this help");
            return text.ToString().TrimEnd('\n');
        }

        /// <summary>"(default: X)", or "(required)" for an option the command cannot run without.</summary>
        public static string DefaultNote(OptionSpec option) => option.Default == "required" ? "(required)" : $"(default: {option.Default})";

        /// <summary>The informational version of the CLI (e.g. <c>0.9.0+abc123</c>).</summary>
        public static string Version()
        {
            var assembly = typeof(CliHelp).Assembly;
            return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "unknown";
        }

        static void Row(StringBuilder text, string name, string description)
        {
            string left = "  " + name;
            if (left.Length + 2 > DescriptionColumn) text.Append(left).Append('\n').Append(' ', DescriptionColumn);
            else text.Append(left.PadRight(DescriptionColumn));
            // Words on lines of at most Width characters, continued at the description column.
            int column = DescriptionColumn;
            bool first = true;
            foreach (string word in description.Split(' '))
            {
                if (!first && column + 1 + word.Length > Width)
                {
                    text.Append('\n').Append(' ', DescriptionColumn);
                    column = DescriptionColumn;
                    first = true;
                }
                if (!first) { text.Append(' '); column++; }
                text.Append(word);
                column += word.Length;
                first = false;
            }
            text.Append('\n');
        }
    }
}
