using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace NetDsl.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// <c>--verify [DIR]</c>: checks the benchmarked models against torchvision's reference state
        /// dicts (DIR defaults to tests/reference/torchvision, found from the working directory or the
        /// output folder upwards) and exits non-zero on any mismatch. Anything else goes to BenchmarkDotNet.
        /// </summary>
        public static int Main(string[] args)
        {
            int verify = Array.IndexOf(args, "--verify");
            if (verify >= 0)
            {
                string? dir = verify + 1 < args.Length && !args[verify + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[verify + 1]
                    : null;
                return Verification.Run(dir, Console.Out, Console.Error);
            }

            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }
    }
}
