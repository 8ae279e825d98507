using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>The learning-rate finder: its sweep, its suggestion, that it leaves the model as it found it, and <c>lr-find</c>.</summary>
    public sealed class LearningRateFinderTests
    {
        static readonly TensorShape Shape = new TensorShape(3, 32, 32);

        static TrainerOptions Options => new TrainerOptions { BatchSize = 16, Seed = 5, Device = CPU, Optimizer = OptimizerKind.AdamW };

        static TinyCnn Model()
        {
            random.manual_seed(5);
            return new TinyCnn(3, 32);
        }

        [Fact]
        public void SweepIsExponentialFromMinToMax_AndTheSuggestionTrainsFasterThanATinyRate()
        {
            using var data = ShapesDataset.Load(Shape, seed: 5, trainCount: 320, testCount: 64);   // 20 batches: the sweep reads 2 epochs
            // 80 short steps: beta 0.98 would average over most of the sweep, so a lighter smoothing (fastai and Lightning take beta as a parameter too).
            var finder = new LearningRateFinderOptions { MinLearningRate = 1e-5, MaxLearningRate = 10, Steps = 80, Beta = 0.9 };
            LearningRateFinderResult result;
            using (var model = Model()) result = LearningRateFinder.Run(model, data, Options, finder);

            var rates = result.Points.Select(p => p.LearningRate).ToArray();
            Assert.Equal(1e-5, rates[0], 15);
            double ratio = Math.Pow(10 / 1e-5, 1.0 / 79);
            for (int i = 1; i < rates.Length; i++) Assert.Equal(ratio, rates[i] / rates[i - 1], 9);
            Assert.Equal(Enumerable.Range(0, rates.Length), result.Points.Select(p => p.Step));
            if (result.DivergedAtStep == null)
            {
                Assert.Equal(80, rates.Length);
                Assert.Equal(10, rates[^1], 12);
            }
            Assert.True(result.Epochs >= 2, $"80 steps over 20 batches per epoch read {result.Epochs} epoch(s)");
            // The expected shape: the smoothed loss starts near the untrained loss (ln 6 for 6 classes), falls below it, and climbs
            // well above its lowest point once the rate is too high (a tiny net learns little in 80 steps, so the dip is shallow).
            var smoothed = result.Points.Select(p => p.SmoothedLoss).Where(double.IsFinite).ToArray();
            Assert.InRange(smoothed[0], 1.0, 3.0);
            int lowest = Array.IndexOf(smoothed, smoothed.Min());
            Assert.True(smoothed[lowest] < smoothed[0] - 0.05 && lowest > 10, Curve(result));
            Assert.True(smoothed[^1] > smoothed[lowest] + 0.2, Curve(result));
            Assert.NotNull(result.Suggestion);
            double suggestion = result.Suggestion!.Value;
            Assert.True(suggestion > 1e-5 && suggestion < 10, $"suggestion {suggestion} outside (1e-5, 10)");
            Assert.Equal(rates[result.SuggestionStep!.Value], suggestion);
            Assert.Equal("fastai's valley: half-way into the middle third of the smoothed loss's longest valley", result.SuggestionMethod);
            Assert.NotNull(result.SteepestSuggestion);
            Assert.NotNull(result.MinimumLossSuggestion);

            double gainAtSuggestion = LossDrop(data, suggestion), gainAtTiny = LossDrop(data, 1e-6);
            Assert.True(gainAtSuggestion > gainAtTiny + 0.02,
                $"40 steps at the suggested {suggestion:G3} lowered the loss by {gainAtSuggestion:F4}, at 1e-6 by {gainAtTiny:F4}; " + Curve(result));
        }

        static string Curve(LearningRateFinderResult result) =>
            string.Join(", ", result.Points.Select(p => $"{p.LearningRate:G2}:{p.Loss:F2}/{p.SmoothedLoss:F2}")) + $" suggested {result.Suggestion}, diverged at {result.DivergedAtStep}";

        /// <summary>The test loss before minus after 40 AdamW steps (2 epochs) at a constant <paramref name="lr"/> from the same initialisation.</summary>
        static double LossDrop(DataSplits data, double lr)
        {
            using var model = Model();
            double before = Evaluator.Evaluate(model, data.Test, 64, CPU).Loss;
            var options = Options with { LearningRate = lr };
            using var optimizer = options.CreateOptimizer(model);
            var task = options.CreateTrainingTask(null, null);
            random.manual_seed(5);
            model.train();
            var batches = TrainingData.From(data, 16, 5).Train;
            foreach (var (images, targets) in batches.Epoch(1, CPU).Concat(batches.Epoch(2, CPU)))
            using (images)
            using (targets)
            {
                using var scope = NewDisposeScope();
                model.zero_grad();
                task.Loss(model.call(images), images, targets).backward();
                optimizer.Step();
            }
            return before - Evaluator.Evaluate(model, data.Test, 64, CPU).Loss;
        }

        [Fact]
        public void ModelStateIsBitIdenticalAfterwards_WeightsBatchNormBuffersModeAndRandomState()
        {
            using var data = ShapesDataset.Load(Shape, seed: 6, trainCount: 160, testCount: 32);
            using var model = Model();
            model.eval();
            var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            Assert.Contains(before.Keys, k => k.EndsWith("running_mean", StringComparison.Ordinal));
            Assert.Contains(before.Keys, k => k.EndsWith("num_batches_tracked", StringComparison.Ordinal));
            random.manual_seed(123);
            byte[] rngBefore = RandomState();

            bool changed = false;
            var result = LearningRateFinder.Run(model, TrainingData.From(data, 16, 6), Options, new LearningRateFinderOptions { Steps = 15, MinLearningRate = 1e-3 },
                progress: _ => changed |= !model.state_dict().All(kv => Same(kv.Value, before[kv.Key])));

            Assert.True(changed, "the sweep never changed the model, so restoring it proves nothing");
            Assert.InRange(result.Points.Count, 2, 15);
            var after = model.state_dict();
            Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
            foreach (var (key, tensor) in after)
            {
                Assert.Equal(before[key].dtype, tensor.dtype);
                Assert.True(Same(tensor, before[key]), $"{key} differs after the finder");
            }
            Assert.False(model.training, "the model was in eval mode and should be again");
            Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.count_nonzero().item<long>() == 0, "gradients left behind"));
            Assert.Equal(rngBefore, RandomState());
            foreach (var t in before.Values) t.Dispose();
        }

        static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.bytes.ToArray().AsSpan().SequenceEqual(b.bytes.ToArray());

        static byte[] RandomState()
        {
            using var state = random.get_rng_state();
            return state.bytes.ToArray();
        }

        [Fact]
        public void AStopRequest_EndsTheSweepAfterTheStepUnderWay_AndACancelledTokenTakesNoStep()
        {
            using var data = ShapesDataset.Load(Shape, seed: 7, trainCount: 160, testCount: 32);
            using var model = Model();
            using var stop = new System.Threading.CancellationTokenSource();
            var finder = new LearningRateFinderOptions { MinLearningRate = 1e-5, MaxLearningRate = 1e-2, Steps = 40 };
            var stopped = LearningRateFinder.Run(model, TrainingData.From(data, 16, 5), Options with { Stop = stop.Token }, finder,
                point => { if (point.Step == 11) stop.Cancel(); });
            Assert.True(stopped.StoppedOnRequest);
            Assert.Equal(12, stopped.Points.Count);
            Assert.Null(stopped.DivergedAtStep);

            var none = LearningRateFinder.Run(model, data, Options with { Stop = stop.Token }, finder);
            Assert.True(none.StoppedOnRequest);
            Assert.Empty(none.Points);
            Assert.Null(none.Suggestion);

            var full = LearningRateFinder.Run(model, data, Options, finder);
            Assert.False(full.StoppedOnRequest);
            Assert.Equal(40, full.Points.Count);
        }

        [Fact]
        public void ADivergingSweepStopsEarlyAndSaysSo()
        {
            using var data = ShapesDataset.Load(Shape, seed: 7, trainCount: 320, testCount: 32);
            using var model = Model();
            var result = LearningRateFinder.Run(model, data, Options, new LearningRateFinderOptions { MinLearningRate = 1e-2, MaxLearningRate = 1e6, Steps = 60 });

            Assert.NotNull(result.DivergedAtStep);
            Assert.True(result.Points.Count < 60, $"{result.Points.Count} points: it ran every step");
            Assert.Equal(result.Points.Count, result.DivergedAtStep);
            Assert.NotNull(result.DivergenceReason);
            Assert.True(result.DivergenceReason!.Contains("4 × best", StringComparison.Ordinal) || result.DivergenceReason.Contains("loss is", StringComparison.Ordinal),
                result.DivergenceReason);
            Assert.True(result.Points[^1].LearningRate < 1e6);
        }

        [Fact]
        public void SuggestionIsTheSteepestDescentAfterTheSkippedStart_AndMinimumOverTen()
        {
            // A smoothed loss flat at 2, falling fastest between steps 20 and 21, lowest at step 30, then rising.
            var points = Enumerable.Range(0, 40).Select(i =>
            {
                double loss = i < 15 ? 2 : i <= 30 ? 2 - (i - 15) * 0.05 - (i == 21 ? 0.3 : i > 21 ? 0.3 : 0) : 0.95 + (i - 30) * 0.2;
                return new LearningRatePoint(i, LearningRateFinder.RateAt(i, 40, 1e-4, 1), loss, loss);
            }).ToList();
            var result = LearningRateFinder.Suggest(points, new LearningRateFinderOptions { MinLearningRate = 1e-4, MaxLearningRate = 1 });
            Assert.Equal(points[20].LearningRate, result.SteepestSuggestion!.Value, 12);
            // The valley: steps 15..30 fall; its suggestion lies inside that fall, not at its ends.
            Assert.InRange(result.SuggestionStep!.Value, 16, 29);
            Assert.Equal(points[30].LearningRate / 10, result.MinimumLossSuggestion!.Value, 12);
            Assert.Null(LearningRateFinder.Suggest(points.Take(11).ToList(), new LearningRateFinderOptions()).Suggestion);   // everything skipped

            // A fall past the minimum (the loss easing after a spike, steeper than any before it) is no rate to train at.
            var spiked = points.Select(p => p.Step < 33 ? p : p with { SmoothedLoss = p.Step switch { 33 => 6.0, 34 => 3.0, _ => 3.5 } }).ToList();
            var afterSpike = LearningRateFinder.Suggest(spiked, new LearningRateFinderOptions());
            Assert.Equal(points[20].LearningRate, afterSpike.SteepestSuggestion!.Value, 12);
            Assert.InRange(afterSpike.SuggestionStep!.Value, 16, 29);
            // Bumps on a slow fall: the single steepest step is a bump's far side, the valley spans the whole fall.
            var noisy = Enumerable.Range(0, 60).Select(i =>
            {
                double loss = i <= 50 ? 2 - i * 0.01 + (i % 7 == 3 ? 0.08 : 0) : 1.5 + (i - 50) * 0.3;
                return new LearningRatePoint(i, LearningRateFinder.RateAt(i, 60, 1e-4, 1), loss, loss);
            }).ToList();
            var bumpy = LearningRateFinder.Suggest(noisy, new LearningRateFinderOptions());
            Assert.InRange(bumpy.SuggestionStep!.Value, 20, 40);
            // A loss that only rises: the range starts too high, and no suggestion is made.
            var rising = Enumerable.Range(0, 40).Select(i => new LearningRatePoint(i, LearningRateFinder.RateAt(i, 40, 1e-4, 1), 2 + i * 0.1, 2 + i * 0.1)).ToList();
            var none = LearningRateFinder.Suggest(rising, new LearningRateFinderOptions());
            Assert.Null(none.Suggestion);
            Assert.Contains("lowest at the start of the sweep", none.SuggestionMethod);
        }

        [Fact]
        public void LrFindWritesCsvAndPng()
        {
            using var dir = new TempFolder();
            string prefix = Path.Combine(dir.Path, "sub", "tiny");
            var (code, output, error) = Run("lr-find", "tinycnn", "--steps", "25", "--batch", "16", "--train-images", "160", "--min-lr", "1e-4",
                "--seed", "3", "--out", prefix);
            Assert.True(code == 0, error + output);
            var csv = File.ReadAllLines(prefix + ".csv");
            Assert.Equal("lr,loss,smoothed", csv[0]);
            Assert.InRange(csv.Length - 1, 2, 25);
            Assert.Equal(1e-4, double.Parse(csv[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture), 15);
            byte[] png = File.ReadAllBytes(prefix + ".png");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
            Assert.Equal(new[] { "tiny.csv", "tiny.png" }, Directory.GetFiles(Path.Combine(dir.Path, "sub")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
            Assert.StartsWith("model: tinycnn", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("sweep: 1e-04 to 10 over 25 steps (3 epochs of the data)", StringComparison.Ordinal));
            Assert.StartsWith("suggested lr: ", lines[^1]);
        }

        [Theory]
        [InlineData("lr-find tinycnn --steps 1", "--steps must be an integer ≥ 2, got '1'")]
        [InlineData("lr-find tinycnn --min-lr -1", "--min-lr must be a positive number, got '-1'")]
        [InlineData("lr-find tinycnn --min-lr 0.1 --max-lr 0.01", "--max-lr (0.01) must be above --min-lr (0.1)")]
        [InlineData("lr-find tinycnn --optimizer adam", "--optimizer 'adam' is not one of sgd, adamw, lamb")]
        [InlineData("lr-find tinycnn --epochs 3", "--epochs")]
        [InlineData("lr-find", "'lr-find' needs a model name")]
        public void LrFindRefusesBadOptionsWithExitTwo(string command, string message)
        {
            var (code, _, error) = Run(command.Split(' '));
            Assert.Equal(2, code);
            Assert.Contains(message, error);
        }

        static (int code, string output, string error) Run(params string[] args) => CliCapture.Run(args);
    }
}
