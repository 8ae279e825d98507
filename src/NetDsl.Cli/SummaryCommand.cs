using System.Collections.Generic;
using System.Globalization;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary><c>summary MODEL [--input CxHxW] [--arg NAME=VALUE[,...]] [--json]</c>: per-layer table or one JSON object.</summary>
    internal static class SummaryCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            TensorShape? input = args.Shape("input");
            using Network network = ModelBuild.Create(entry, input, null, ModelBuild.Arguments(args, entry));
            if (args.Flag("json")) console.Out.WriteLine(SummaryJson.Write(entry.Name, network));
            else WriteTable(entry.Name, network, console);
            return ExitCodes.Success;
        }

        /// <summary>The table of <see cref="ModelSummary.ToString"/>, under the catalogue name.</summary>
        static void WriteTable(string name, Network network, CliConsole console)
        {
            var summary = network.Summary();
            console.Out.WriteLine($"{name}: " + summary);
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "parameters: {0:N0}   multiply-adds: {1:N0}", summary.TotalParameters, summary.MultiplyAdds));
        }
    }
}
