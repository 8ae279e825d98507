using System;
using System.Globalization;
using System.Linq;
using NetDsl.Runtime.Data;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>data check SOURCE [--json] [--max-problems N] [--progress-every SECONDS]</c>: <see cref="DataCheck.Run(DataSource, DataCheckOptions?, System.IProgress{DataCheckProgress}?)"/> on a <c>--data</c> source, its summary
    /// (per split: samples, readable, sizes, formats; per class: counts, or mask pixel shares) and every bad file as
    /// "PATH: message", with a progress line on stderr every <c>--progress-every</c> seconds while it reads. Exit 0 when every file can be used, 1 when any cannot (the count on stderr), 2 for usage errors.
    /// </summary>
    internal static class DataCheckCommand
    {
        /// <summary>Seconds between two progress lines unless <c>--progress-every</c> says otherwise.</summary>
        public const double DefaultProgressSeconds = 10;

        static readonly string[] ShapesOnly = { "out", "count", "test-count", "input", "seed" };

        public static int Run(CliArguments args, CliConsole console)
        {
            if (args.Positionals.Count < 2) throw new CliUsageException($"'data check' needs the data set to check ({DataSourceSyntax.Choices})");
            if (args.Positionals.Count > 2) throw new CliUsageException($"'data check' takes one data set; unexpected '{args.Positionals[2]}'");
            string? shapesOption = ShapesOnly.FirstOrDefault(o => args.Value(o) != null) ?? (args.Flag("masks") ? "masks" : null);
            if (shapesOption != null) throw new CliUsageException($"--{shapesOption} belongs to 'data shapes', not 'data check'");
            var source = DataSourceSyntax.Parse(args.Positionals[1], "data check");
            int? maxProblems = args.Value("max-problems") == null ? null : args.Int("max-problems", 0, 0);

            double every = args.Number("progress-every", 0) ?? DefaultProgressSeconds;

            // Progress on stderr, so stdout keeps the summary (or --json's one object) alone.
            var report = DataCheck.Run(source, null, new DataCheckProgressLines(console.Error, every));
            if (args.Flag("json")) console.Out.WriteLine(report.ToJson(maxProblems));
            else DataCheckText.Write(report, maxProblems, console.Out);
            if (report.IsClean) return ExitCodes.Success;
            console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0} of {1} files cannot be used; training would stop at the first", report.BadFiles, report.Files));
            return ExitCodes.Failure;
        }
    }
}
