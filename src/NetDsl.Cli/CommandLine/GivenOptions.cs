using System.CommandLine;
using System.CommandLine.Parsing;

namespace NetDsl.Cli
{
    internal static class GivenOptions
    {
        /// <summary>Whether the command line gave <paramref name="option"/> (rather than its default applying).</summary>
        public static bool IsGiven(this ParseResult result, Option option) => result.GetResult(option) is OptionResult { Implicit: false };
    }
}
