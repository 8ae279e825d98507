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
            OutputPath.CheckPrefix(prefix, "--out", null, ".png", ".csv");
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
                rows = Labelled(args.Positionals.Select(dir => (dir, RunResults.Read(dir, models))).ToList());
            }
            var (png, csv) = CompareChart.Write(rows, prefix, size);
            console.Out.WriteLine($"compared {rows.Count} models: {png}, {csv}");
            return ExitCodes.Success;
        }

        /// <summary>Runs of the same model told apart on the chart and in the CSV: "lenet5 (sig)" by their folder's name.</summary>
        static IReadOnlyList<ModelResult> Labelled(IReadOnlyList<(string Dir, ModelResult Row)> runs)
        {
            var repeated = runs.GroupBy(r => r.Row.Model).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
            return runs.Select(r => repeated.Contains(r.Row.Model)
                ? r.Row with { Model = $"{r.Row.Model} ({System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(r.Dir)))})" }
                : r.Row).ToList();
        }
    }
}
