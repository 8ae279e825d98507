extern alias zoo;
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--optimizer [ROUNDS]</c>: one AdamW step of NetDsl's optimizer (<see cref="AdamWOptimizer"/>) against
    /// TorchSharp's <c>optim.AdamW</c> on the same parameters and gradients, and against the model's own forward +
    /// backward, for ResNet-18 (11.7M parameters, batch 32 at 3x64x64) and VGG-16 (134M, batch 16 at 3x32x32, most of
    /// them in its 25,088-wide fc6). Rounds alternate the three; each figure is a median. The update is memory-bound
    /// (every pass reads and writes every parameter-sized tensor), so its share of the step grows with the parameter count.
    /// LAMB (the same optimizer with its trust ratio) is timed in the same rounds: its two norms per layer are its extra cost.
    /// </summary>
    public static class OptimizerRun
    {
        public static int Run(int rounds, TextWriter output)
        {
            Measure("resnet18", 32, new Shapes.TensorShape(3, 64, 64), rounds, output);
            Measure("vgg16", 16, new Shapes.TensorShape(3, 32, 32), rounds, output);
            return 0;
        }

        static void Measure(string name, int batch, Shapes.TensorShape shape, int rounds, TextWriter output)
        {
            torch.manual_seed(0);
            var entry = zoo::NetDsl.Models.All.First(e => e.Name == name);
            using var model = (nn.Module<Tensor, Tensor>)entry.Create(shape);
            model.train();
            using var input = randn(shape.BatchDims(batch));
            using var labels = randint(0, 1000, new long[] { batch });
            var parameters = model.parameters().ToArray();
            long count = parameters.Sum(p => p.numel());

            using var ours = new AdamWOptimizer(model, 1e-4, 0.05);
            var theirs = optim.AdamW(parameters, 1e-4, weight_decay: 0.05);
            using var lamb = new AdamWOptimizer(model, 1e-4, 0.05, epsilon: 1e-6, trustRatio: true);
            double Step()
            {
                var watch = Stopwatch.StartNew();
                model.zero_grad();
                using var scope = NewDisposeScope();
                using var loss = nn.functional.cross_entropy(model.call(input), labels);
                loss.backward();
                return watch.Elapsed.TotalMilliseconds;
            }
            static double Time(Action action)
            {
                var watch = Stopwatch.StartNew();
                action();
                return watch.Elapsed.TotalMilliseconds;
            }

            Step();
            for (int i = 0; i < 2; i++) { ours.Step(); theirs.step(); lamb.Step(); }
            var step = new double[rounds];
            var netdsl = new double[rounds];
            var torchSharp = new double[rounds];
            var lambs = new double[rounds];
            for (int i = 0; i < rounds; i++)
            {
                step[i] = Step();
                if (i % 2 == 0) { netdsl[i] = Time(ours.Step); torchSharp[i] = Time(() => theirs.step()); }
                else { torchSharp[i] = Time(() => theirs.step()); netdsl[i] = Time(ours.Step); }
                lambs[i] = Time(lamb.Step);
            }
            double s = Median(step), n = Median(netdsl), t = Median(torchSharp), l = Median(lambs);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0} ({1:F1}M parameters, batch {2} at {3}), {4} rounds: forward+backward {5:F1} ms; AdamW step NetDsl {6:F1} ms, TorchSharp optim.AdamW {7:F1} ms (ratio {8:F3}); NetDsl's update is {9:F1}% of forward+backward+update; LAMB step {10:F1} ms ({11:F2}x NetDsl's AdamW)",
                name, count / 1e6, batch, shape, rounds, s, n, t, n / t, 100 * n / (s + n), l, l / n));
        }

        static double Median(double[] values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
