using System.Collections.Generic;
using System.CommandLine;

namespace NetDsl.Cli
{
    /// <summary>
    /// What System.CommandLine does not hold about our options: what a value-taking option needs, for the
    /// message when its value is missing ("--batch needs a number and got '--lr'").
    /// </summary>
    internal sealed class OptionNotes
    {
        public Dictionary<Option, string> Needs { get; } = new();
    }
}
