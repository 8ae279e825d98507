using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetDsl.Fuzzing;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--fuzz [N [TARGET]]</c>: N mutated inputs (default 100,000) for every reader and the CLI's argument
    /// parsing (or the one named), the same targets and checks as the test project's short run; prints one
    /// line per target and every finding, exits 1 if there was any.
    /// </summary>
    public static class FuzzRun
    {
        public static int Run(int inputs, string? only, TextWriter output)
        {
            int findings = 0;
            foreach (var target in FuzzTargets.All().Where(t => only == null || t.Name == only))
            {
                var clock = Stopwatch.StartNew();
                var report = FuzzRunner.Run(target, inputs, seed: 20_261_130);
                output.WriteLine($"{report} ({clock.Elapsed.TotalSeconds:F0} s)");
                foreach (string finding in report.Findings) output.WriteLine("  finding: " + finding);
                findings += report.Findings.Count;
                output.Flush();
            }
            return findings == 0 ? 0 : 1;
        }
    }
}
