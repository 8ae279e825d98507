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
        /// output folder upwards) and exits non-zero on any mismatch. <c>--paired [N]</c>: the generated and
        /// hand-written steps alternately (see <see cref="PairedRun"/>). <c>--generator [N]</c>: the
        /// generator's speed over the zoo (see <see cref="GeneratorSpeed"/>). <c>--loader [ROUNDS [THREADS]]</c>: training
        /// steps fed by the PrefetchLoader from PNG files against preloaded tensors (see <see cref="LoaderRun"/>). <c>--memory [STEPS]</c>: resident size over a
        /// training run (see <see cref="MemoryRun"/>). <c>--precision [ROUNDS]</c>: bf16-mixed training and the
        /// inference path against the hand-written model (see <see cref="PrecisionRun"/>). <c>--fuzz [N [TARGET]]</c>: N mutated
        /// inputs per reader (see <see cref="FuzzRun"/>). <c>--deform [PAIRS]</c>: deformable against plain
        /// convolution, forward + backward (see <see cref="DeformableConvRun"/>). <c>--precision-layers [SIZE [ROUNDS]]</c>: ResNet-18's
        /// stage layers in bf16-mixed against fp32 (see <see cref="PrecisionLayersRun"/>). <c>--optimizer [ROUNDS]</c>: the AdamW update
        /// against TorchSharp's and the forward + backward (see <see cref="OptimizerRun"/>). Anything else goes to BenchmarkDotNet.
        /// Every mode runs with malloc reusing large blocks, as the CLI does (<see cref="HostAllocator"/>);
        /// <c>--system-allocator</c> leaves glibc's default, to measure what that costs.
        /// </summary>
        public static int Main(string[] args)
        {
            if (Array.IndexOf(args, "--system-allocator") < 0) HostAllocator.ReuseLargeBlocks();
            args = args.Where(a => a != "--system-allocator").ToArray();
            int verify = Array.IndexOf(args, "--verify");
            if (verify >= 0)
            {
                string? dir = verify + 1 < args.Length && !args[verify + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[verify + 1]
                    : null;
                return Verification.Run(dir, Console.Out, Console.Error);
            }

            int paired = Array.IndexOf(args, "--paired");
            if (paired >= 0)
            {
                int pairs = paired + 1 < args.Length && int.TryParse(args[paired + 1], out int n) && n > 0 ? n : 40;
                return PairedRun.Run(pairs, Console.Out);
            }

            int precision = Array.IndexOf(args, "--precision");
            if (precision >= 0)
            {
                int rounds = precision + 1 < args.Length && int.TryParse(args[precision + 1], out int n) && n > 0 ? n : 15;
                return PrecisionRun.Run(rounds, Console.Out);
            }

            int generatorSpeed = Array.IndexOf(args, "--generator");
            if (generatorSpeed >= 0)
            {
                int runs = generatorSpeed + 1 < args.Length && int.TryParse(args[generatorSpeed + 1], out int n) && n > 0 ? n : 5;
                return GeneratorSpeed.Run(runs, Console.Out);
            }

            int loader = Array.IndexOf(args, "--loader");
            if (loader >= 0)
            {
                int rounds = loader + 1 < args.Length && int.TryParse(args[loader + 1], out int r) && r > 0 ? r : 4;
                int threads = loader + 2 < args.Length && int.TryParse(args[loader + 2], out int t) && t > 0 ? t : 0;
                bool bf16 = loader + 3 < args.Length && args[loader + 3] == "bf16-mixed";
                return LoaderRun.Run(rounds, threads, Console.Out, bf16 ? Precision.Bf16Mixed : Precision.Fp32);
            }

            int memory = Array.IndexOf(args, "--memory");
            if (memory >= 0)
            {
                int steps = memory + 1 < args.Length && int.TryParse(args[memory + 1], out int n) && n > 0 ? n : 2000;
                return MemoryRun.Run(steps, Console.Out);
            }

            int deform = Array.IndexOf(args, "--deform");
            if (deform >= 0)
            {
                int pairs = deform + 1 < args.Length && int.TryParse(args[deform + 1], out int n) && n > 0 ? n : 20;
                return DeformableConvRun.Run(pairs, Console.Out);
            }

            int layers = Array.IndexOf(args, "--precision-layers");
            if (layers >= 0)
            {
                int size = layers + 1 < args.Length && int.TryParse(args[layers + 1], out int s) && s > 0 ? s : 32;
                int rounds = layers + 2 < args.Length && int.TryParse(args[layers + 2], out int n) && n > 0 ? n : 15;
                return PrecisionLayersRun.Run(size, rounds, Console.Out);
            }

            int trim = Array.IndexOf(args, "--kernel-trim");
            if (trim >= 0)
            {
                int rounds = trim + 1 < args.Length && int.TryParse(args[trim + 1], out int n) && n > 0 ? n : 21;
                return KernelTrimRun.Run(rounds, Console.Out);
            }

            int optimizer = Array.IndexOf(args, "--optimizer");
            if (optimizer >= 0)
            {
                int rounds = optimizer + 1 < args.Length && int.TryParse(args[optimizer + 1], out int n) && n > 0 ? n : 9;
                return OptimizerRun.Run(rounds, Console.Out);
            }

            int fuzz = Array.IndexOf(args, "--fuzz");
            if (fuzz >= 0)
            {
                int inputs = fuzz + 1 < args.Length && int.TryParse(args[fuzz + 1], out int n) && n > 0 ? n : 100_000;
                string? target = fuzz + 2 < args.Length ? args[fuzz + 2] : null;
                return FuzzRun.Run(inputs, target, Console.Out);
            }

            var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
        }
    }
}
