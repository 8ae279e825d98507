extern alias zoo;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Benchmarking;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--kernel-trim [ROUNDS]</c>: zoo models' training step at their 3x32x32 card input, batch 32, with convolution
    /// kernels cut to the taps that reach the input (<see cref="KernelTrim"/>: ResNet-18's last stage and MobileNetV2's
    /// depthwise layers at 1x1) against the full kernels, in fp32 and, where the CPU has bf16, bf16-mixed. Rounds
    /// alternate the variants (<see cref="StepTimer"/>); the ratio is the median of per-round ratios to the full kernels.
    /// </summary>
    public static class KernelTrimRun
    {
        public static int Run(int rounds, TextWriter output)
        {
            var precisions = new List<Precision> { Precision.Fp32 };
            if (PrecisionSupport.IsFast(Precision.Bf16Mixed, CPU)) precisions.Add(Precision.Bf16Mixed);
            foreach (var name in new[] { "resnet18", "mobilenet_v2" })
                foreach (var precision in precisions)
                    Measure(name, precision, rounds, output);
            return 0;
        }

        static void Measure(string name, Precision precision, int rounds, TextWriter output)
        {
            manual_seed(0);
            var shape = new Shapes.TensorShape(3, 32, 32);
            using var network = zoo::NetDsl.Models.All.First(e => e.Name == name).Create(shape);
            network.train();
            using var input = randn(shape.BatchDims(32));
            using var optimizer = ModelBench.StepOptimizer(network);
            var step = ModelBench.TrainStep(network, input, optimizer, ComputeMode.For(precision));
            Action Step(bool full) => () =>
            {
                KernelTrim.Disabled = full;
                try { step(); }
                finally { KernelTrim.Disabled = false; }
            };
            var timings = StepTimer.Run(new[] { ("full kernels", Step(full: true)), ("cut kernels", Step(full: false)) }, warmup: 3, rounds);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0} {1} train step, batch 32 at 3x32x32, {2} rounds: full kernels {3:F1} ms, cut {4:F1} ms, ratio {5:F3}",
                name, precision.Name(), rounds, timings[0].MedianMs, timings[1].MedianMs, timings[1].RatioToBaseline));
        }
    }
}
