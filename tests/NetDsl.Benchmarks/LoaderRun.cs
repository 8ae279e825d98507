using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--loader [ROUNDS]</c>: training steps of <see cref="LoaderResNet"/> (batch 64, 3x32x32, SGD) fed
    /// by the <see cref="PrefetchLoader"/> with one worker, decoding PNG files and augmenting them (crop
    /// with padding, flip), against the same steps fed from preloaded tensors (<see cref="PreloadedBatches"/>).
    /// Steps run in paired blocks (see <see cref="Compare"/>); a step's time runs from asking for its batch
    /// to the loss on the host, so waiting for data counts. <c>--loader ROUNDS THREADS</c> sets torch's threads;
    /// a third argument <c>bf16-mixed</c> runs the steps in bf16.
    /// </summary>
    public static class LoaderRun
    {
        public const int Batch = 64, Images = 2560, Classes = 10, Side = 32;

        public static int Run(int rounds, int threads, TextWriter output, Precision precision = Precision.Fp32)
        {
            if (threads > 0) torch.set_num_threads(threads);
            // bf16-mixed makes the step faster, so the loader has less time to hide behind it.
            using var compute = Compute.Use(ComputeMode.For(precision));
            output.WriteLine($"precision: {precision.Name()}");
            string dir = Path.Combine(Path.GetTempPath(), "netdsl-loader-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var watch = Stopwatch.StartNew();
                PngFolder.Write(dir, Images, Classes, Side);
                output.WriteLine($"wrote {Images} PNGs of 3x{Side}x{Side} in {watch.Elapsed.TotalSeconds:F1} s; torch threads {torch.get_num_threads()}, {Environment.ProcessorCount} cores");
                return Compare(dir, rounds, output);
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            }
        }

        static int Compare(string dir, int rounds, TextWriter output)
        {
            var input = new TensorShape(3, Side, Side);
            var files = DataSource.ImageFolder(dir).OpenBatches(input, Batch, seed: 1, AugmentationOptions.Standard, new PrefetchOptions(Workers: 1));
            var (train, _) = ImageFolderDataset.Open(dir);

            // The baseline's tensors: every train image decoded once, resized and normalized, no augmentation.
            var watch = Stopwatch.StartNew();
            var all = new PrefetchLoader(train, 3, AugmentationOptions.Evaluation(input, Normalize.ImageNet), train.Count, false, 1, PrefetchOptions.Inline);
            var (images, labels) = all.Epoch(1, CPU).Single();
            double decodeRate = train.Count / watch.Elapsed.TotalSeconds;
            using var _ = images;
            using var __ = labels;
            var preloaded = new PreloadedBatches(images, labels, Batch, shuffle: true, seed: 1);

            watch.Restart();
            int loaded = 0;
            foreach (var (x, y) in files.Train.Epoch(1, CPU)) { loaded += (int)x.shape[0]; x.Dispose(); y.Dispose(); }
            double loaderRate = loaded / watch.Elapsed.TotalSeconds;
            output.WriteLine(F("decode+resize+normalize on one thread: {0:F0} images/s; PrefetchLoader alone (1 worker, crop+flip): {1:F0} images/s", decodeRate, loaderRate));

            torch.manual_seed(0);
            using var model = new LoaderResNet(Classes);
            model.train();
            using var optimizer = torch.optim.SGD(model.parameters(), 0.05, momentum: 0.9);
            Epoch(preloaded, 1, model, optimizer, limit: 5);   // warm-up

            // Blocks of a few steps, alternating which source goes first: drift on the shared machine
            // (other processes come and go) then hits both sides of each pair alike.
            var fromTensors = new List<Timing>();
            var fromFiles = new List<Timing>();
            int batches = preloaded.BatchesPerEpoch;
            for (int r = 1, pair = 0; r <= rounds; r++)
                for (int start = 0; start < batches; start += Block, pair++)
                {
                    if (pair % 2 == 0) { fromTensors.Add(Steps(preloaded, r, start, model, optimizer)); fromFiles.Add(Steps(files.Train, r, start, model, optimizer)); }
                    else { fromFiles.Add(Steps(files.Train, r, start, model, optimizer)); fromTensors.Add(Steps(preloaded, r, start, model, optimizer)); }
                }
            Report(output, "preloaded tensors", fromTensors);
            Report(output, "PrefetchLoader, PNG files, 1 worker", fromFiles);
            var ratios = fromFiles.Zip(fromTensors, (f, t) => f.TotalMs / t.TotalMs).ToArray();
            output.WriteLine(F("step-time ratio files/preloaded: median of {0} paired blocks {1:F3} (IQR {2:F3}-{3:F3}), ratio of means {4:F3}; {5} epochs of {6} steps, batch {7}",
                ratios.Length, Quantile(ratios, 0.5), Quantile(ratios, 0.25), Quantile(ratios, 0.75), Mean(fromFiles) / Mean(fromTensors), rounds, batches, Batch));
            return 0;
        }

        sealed record Timing(List<double> Steps, List<double> Waits, double TotalMs, int Images);

        const int Block = 11;

        /// <summary>
        /// Up to <see cref="Block"/> training steps from batch <paramref name="start"/> of an epoch (a resumed
        /// enumeration, left early: the loader's start-up and shut-down are inside the timing).
        /// </summary>
        static Timing Steps(IBatchSource source, int epoch, int start, nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer) =>
            Epoch(source, epoch, model, optimizer, Block, start);

        /// <summary>Training steps; per step the time from asking for the batch to the loss on the host.</summary>
        static Timing Epoch(IBatchSource source, int epoch, nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int limit = int.MaxValue, int skip = 0)
        {
            var steps = new List<double>();
            var waits = new List<double>();
            int images = 0;
            var total = Stopwatch.StartNew();
            using (var batches = source.Epoch(epoch, CPU, skip).GetEnumerator())
                for (int i = 0; i < limit; i++)
                {
                    var step = Stopwatch.StartNew();
                    if (!batches.MoveNext()) break;
                    waits.Add(step.Elapsed.TotalMilliseconds);
                    var (x, y) = batches.Current;
                    using (x) using (y)
                    {
                        optimizer.zero_grad();
                        using var scope = torch.NewDisposeScope();
                        var loss = nn.functional.cross_entropy(model.forward(x), y);
                        loss.backward();
                        optimizer.step();
                        loss.item<float>();
                        images += (int)x.shape[0];
                    }
                    steps.Add(step.Elapsed.TotalMilliseconds);
                }
            return new Timing(steps, waits, total.Elapsed.TotalMilliseconds, images);
        }

        static void Report(TextWriter output, string name, List<Timing> rounds)
        {
            var steps = rounds.SelectMany(t => t.Steps).ToArray();
            double images = rounds.Sum(t => t.Images), seconds = rounds.Sum(t => t.TotalMs) / 1000;
            output.WriteLine(F("{0}: mean step {1:F1} ms, median {2:F1} ms, mean wait for data {3:F2} ms, {4:F0} images/s",
                name, Mean(rounds), Median(steps), rounds.SelectMany(t => t.Waits).Average(), images / seconds));
        }

        static double Mean(List<Timing> rounds) => rounds.Sum(t => t.TotalMs) / rounds.Sum(t => t.Steps.Count);

        static double Median(IEnumerable<double> values) => Quantile(values.ToArray(), 0.5);

        static double Quantile(double[] values, double q)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            double at = q * (sorted.Length - 1);
            int lo = (int)Math.Floor(at), hi = (int)Math.Ceiling(at);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
        }

        static string F(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
