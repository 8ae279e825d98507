using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Comparison;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>compare (--runs DIR… | --sweep FILE) --out PREFIX [--size params|activations]</c>: multiply-adds (log) against
    /// the test metric, circle area = memory, as <c>PREFIX.png</c> and <c>PREFIX.csv</c> (see <see cref="CompareChart"/>).
    /// </summary>
    internal static class CompareCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            string prefix = args.Value("out") ?? throw new CliUsageException("compare needs --out PREFIX (writes PREFIX.png and PREFIX.csv)");
            var size = args.Choice("size", "params", "params", "activations") == "activations" ? CircleSize.Activations : CircleSize.Parameters;
            string? sweep = args.Value("sweep");
            if ((sweep != null) == args.Flag("runs")) throw new CliUsageException("compare takes either --runs DIR… or --sweep FILE");
            IReadOnlyList<ModelResult> rows;
            if (sweep != null)
            {
                args.NoPositionals();
                rows = ResultTable.ReadCsv(sweep);
            }
            else
            {
                if (args.Positionals.Count == 0) throw new CliUsageException("--runs needs at least one run folder");
                rows = args.Positionals.Select(dir => RunResults.Read(dir, models)).ToList();
            }
            var (png, csv) = CompareChart.Write(rows, prefix, size);
            console.Out.WriteLine($"compared {rows.Count} models: {png}, {csv}");
            return ExitCodes.Success;
        }
    }
}
