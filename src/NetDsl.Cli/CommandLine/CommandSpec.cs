using System.Collections.Generic;

namespace NetDsl.Cli
{
    /// <summary>Runs one command on its parsed arguments.</summary>
    internal delegate int CommandRunner(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console);

    /// <summary>
    /// One command of the CLI, declared once in <see cref="CliCommands"/>: its name, the usage lines the
    /// overview and its help show (<paramref name="Usage"/>: the synopsis, then description lines indented to
    /// the description column), what its positional arguments are called (null: it takes none), every option
    /// with its default, and what runs it.
    /// </summary>
    internal sealed record CommandSpec(string Name, string Usage, string? Positionals, IReadOnlyList<OptionSpec> Options, CommandRunner Run)
    {
        public OptionSpec? Find(string name)
        {
            foreach (var option in Options) if (option.Name == name) return option;
            return null;
        }
    }
}
