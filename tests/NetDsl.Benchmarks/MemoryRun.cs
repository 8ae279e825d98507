extern alias zoo;
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--memory [STEPS]</c>: trains the zoo's <c>lenet5</c> on the shapes set for STEPS steps (default 2,000)
    /// through the real <see cref="Trainer"/> (AdamW, clipping, label smoothing, per-epoch evaluation and
    /// checkpoints, a mid-epoch checkpoint every 100 steps) and reports the resident set size after the first
    /// step, after warm-up, half-way and at the end. Native leaks (undisposed tensors or Scalars) show as steady growth.
    /// </summary>
    public static class MemoryRun
    {
        const int StepsPerEpoch = 100, BatchSize = 32, WarmupSteps = 200;

        public static int Run(int steps, TextWriter output)
        {
            var entry = zoo::NetDsl.Models.All.First(m => m.Name == "lenet5");
            int epochs = Math.Max(1, (steps + StepsPerEpoch - 1) / StepsPerEpoch);
            string outDir = Path.Combine(Path.GetTempPath(), "netdsl-memory-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var data = ShapesDataset.Load(entry.DeclaredInput, seed: 1, trainCount: StepsPerEpoch * BatchSize, testCount: 256);
                random.manual_seed(1);
                using var model = entry.Create();
                var options = new TrainerOptions
                {
                    Epochs = epochs, BatchSize = BatchSize, LearningRate = 1e-3, Optimizer = OptimizerKind.AdamW, ClipNorm = 1.0, LabelSmoothing = 0.1,
                    Seed = 1, Device = CPU, OutDir = outDir, CheckpointEvery = 100, ModelName = entry.Name,
                };
                var probe = new RssProbe(WarmupSteps, (WarmupSteps + steps) / 2);
                var clock = Stopwatch.StartNew();
                var result = new Trainer(model, data, options).Run(probe);
                long end = Rss();
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "lenet5, {0} steps ({1} epochs of {2}, batch {3}) in {4:F0}s; test accuracy {5:F4}", result.History[^1].Step, epochs, StepsPerEpoch,
                    BatchSize, clock.Elapsed.TotalSeconds, result.TestMetric));
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "RSS after step 1 {0:F0} MB, after {1} warm-up steps {2:F0} MB, at step {3} {4:F0} MB, end {5:F0} MB: growth after warm-up {6:F1} MB " +
                    "({7:F1} MB in the first half, {8:F1} MB in the second)",
                    Mb(probe.Start), WarmupSteps, Mb(probe.AfterWarmup), probe.MidStep, Mb(probe.Middle), Mb(end), Mb(end - probe.AfterWarmup),
                    Mb(probe.Middle - probe.AfterWarmup), Mb(end - probe.Middle)));
                return 0;
            }
            finally
            {
                try { Directory.Delete(outDir, recursive: true); } catch (IOException) { }
            }
        }

        static long Rss()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var self = Process.GetCurrentProcess();
            return self.WorkingSet64; // VmRSS on Linux
        }

        static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

        /// <summary>Resident size after the first step (torch loaded, data in memory), after warm-up and half-way.</summary>
        sealed class RssProbe(int warmupSteps, int midStep) : ITrainingObserver
        {
            public long Start { get; private set; }
            public long AfterWarmup { get; private set; }
            public long Middle { get; private set; }
            public int MidStep => midStep;
            public void EpochStarting(int epoch, int epochs, int steps, int skipped) { }
            public void StepFinished(StepProgress progress)
            {
                if (progress.GlobalStep == 1) Start = Rss();
                if (progress.GlobalStep == warmupSteps) AfterWarmup = Rss();
                if (progress.GlobalStep == midStep) Middle = Rss();
            }
            public void EpochFinished(EpochMetrics metrics, int epochs) { }
        }
    }
}
