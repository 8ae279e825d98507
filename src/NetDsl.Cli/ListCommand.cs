using System.Collections.Generic;
using System.CommandLine;

namespace NetDsl.Cli
{
    /// <summary><c>list</c>: one model name per line.</summary>
    internal static class ListCommand
    {
        public static int Run(IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            foreach (var entry in models) console.Out.WriteLine(entry.Name);
            return ExitCodes.Success;
        }
    }
}
