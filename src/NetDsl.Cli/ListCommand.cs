using System.Collections.Generic;

namespace NetDsl.Cli
{
    /// <summary><c>list</c>: one model name per line.</summary>
    internal static class ListCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            args.NoPositionals();
            foreach (var entry in models) console.Out.WriteLine(entry.Name);
            return ExitCodes.Success;
        }
    }
}
