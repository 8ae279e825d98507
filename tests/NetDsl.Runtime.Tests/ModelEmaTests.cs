using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>The weights' exponential moving average (<see cref="TrainerOptions.EmaDecay"/>, <c>train --ema</c>).</summary>
    public class ModelEmaTests
    {
        static readonly TensorShape Gray16 = new TensorShape(1, 16, 16);

        static TinyCnn Model(int seed) => TinyCnn.Gray16(seed);

        static bool AnyDiffers(nn.Module a, nn.Module b)
        {
            var right = b.state_dict();
            return a.state_dict().Any(kv => kv.Value.is_floating_point() && !Tensors.Same(kv.Value, right[kv.Key]));
        }

        [Fact]
        public void TheAverageFollowsTheWarmedUpDecayOverWeightsAndBatchNormStatisticsAndCopiesTheBatchCount()
        {
            using var held = new ScalarScope();
            using var model = nn.Sequential(("fc", nn.Linear(3, 2)), ("bn", nn.BatchNorm1d(2)));
            var state = model.state_dict();
            Tensor weight = state["fc.weight"], mean = state["bn.running_mean"], count = state["bn.num_batches_tracked"];
            using (no_grad()) { weight.fill_(held[1.0]); mean.fill_(held[0.0]); }
            using var ema = new ModelEma(model, 0.9);
            double expectedWeight = 1.0, expectedMean = 0.0;
            for (int n = 0; n < 20; n++)
            {
                double w = n + 2.0, m = -0.5 * n;
                using (no_grad()) { weight.fill_(held[w]); mean.fill_(held[m]); count.fill_(held[n + 7]); }
                double d = Math.Min(0.9, (1.0 + n) / (10.0 + n));   // TensorFlow's warm-up: 0.1, 0.18, ... then 0.9
                Assert.Equal(d, ema.NextDecay, 12);
                ema.Update();
                expectedWeight = d * expectedWeight + (1 - d) * w;
                expectedMean = d * expectedMean + (1 - d) * m;
            }
            Assert.Equal(20, ema.Updates);
            using (ema.SwappedIn())
            {
                Assert.True(ema.Swapped);
                Assert.All(weight.data<float>().ToArray(), v => Assert.Equal(expectedWeight, v, 4));
                Assert.All(mean.data<float>().ToArray(), v => Assert.Equal(expectedMean, v, 4));
                Assert.Equal(26L, count.item<long>());   // integer buffers are copied, not averaged
                Assert.All(state["bn.running_var"].data<float>().ToArray(), v => Assert.Equal(1f, v));
            }
            Assert.False(ema.Swapped);
            Assert.All(weight.data<float>().ToArray(), v => Assert.Equal(21f, v));   // swapped back: the raw weights again
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelEma(model, 1.0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelEma(model, 0.0));
        }

        [Fact]
        public void TrainingWithAnAverageTrainsTheSameWeightsButEvaluatesSavesAndEndsWithTheAverage()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 3, trainCount: 96, testCount: 48);
            var options = new TrainerOptions { Epochs = 2, BatchSize = 16, LearningRate = 0.05, Seed = 3, ModelName = "tinycnn", Device = CPU };
            using var plainDir = new TempFolder();
            using var plain = Model(5);
            var plainResult = new Trainer(plain, data, options with { OutDir = plainDir.Path }).Run();

            using var averagedDir = new TempFolder();
            using var averaged = Model(5);
            var averagedResult = new Trainer(averaged, data, options with { OutDir = averagedDir.Path, EmaDecay = 0.8 }).Run();

            // The average does not change training: the same batches, losses and raw weights ...
            Assert.Equal(plainResult.History.Select(h => h.TrainLoss), averagedResult.History.Select(h => h.TrainLoss));
            using (var raw = Model(77))
            using (var optimizer = (options with { EmaDecay = 0.8 }).CreateOptimizer(raw))
            {
                Checkpoint.Load(averagedDir.File(Checkpoint.FileName), raw, optimizer);   // the raw weights come back from the optimizer state
                Tensors.AssertSameState(plain, raw);
            }
            // ... but what is evaluated, saved and left in the model is the average.
            Assert.True(AnyDiffers(plain, averaged), "the averaged model holds the raw weights");
            using (var loaded = Model(78))
            {
                Checkpoint.Load(averagedDir.File(Checkpoint.FileName), loaded, null);
                Tensors.AssertSameState(averaged, loaded);
            }
            var again = Evaluator.Evaluate(averaged, data.Test, 16, CPU);
            Assert.Equal(averagedResult.History[^1].TestLoss, again.Loss, 6);
            Assert.Equal(averagedResult.Test.Metric, again.Metric);
            Assert.NotEqual(plainResult.History[^1].TestLoss, averagedResult.History[^1].TestLoss);
        }

        [Fact]
        public void AStopMidEpochResumesTheAverageToBitIdenticalWeights()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 4, trainCount: 160, testCount: 40);
            var options = new TrainerOptions
            {
                Epochs = 2, BatchSize = 16, LearningRate = 0.01, Seed = 4, ModelName = "tinycnn", Device = CPU, Optimizer = OptimizerKind.AdamW,
                CheckpointEvery = 4, EmaDecay = 0.9,
            };
            using var straightDir = new TempFolder();
            using var straight = Model(9);
            var straightResult = new Trainer(straight, data, options with { OutDir = straightDir.Path }).Run();

            using var splitDir = new TempFolder();
            using (var first = Model(9))
                Assert.Throws<CrashAtStep>(() => new Trainer(first, data, options with { OutDir = splitDir.Path }).Run(new CrashAtStep(14)));
            Assert.Equal(2, Checkpoint.ReadInfo(splitDir.File(Checkpoint.FileName)).Position!.StepInEpoch);

            using var resumed = Model(123);
            var resumedResult = new Trainer(resumed, data, options with { OutDir = splitDir.Path, Resume = true }).Run();
            Tensors.AssertSameState(straight, resumed);
            Assert.Equal(straightResult.History[1] with { Seconds = 0 }, resumedResult.History[1] with { Seconds = 0, Details = straightResult.History[1].Details });
        }

        [Fact]
        public void ResumingWithTheAverageTurnedOnOrOffIsRefusedNamingTheOption()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 2, trainCount: 32, testCount: 16);
            var options = new TrainerOptions { Epochs = 1, BatchSize = 16, Seed = 2, ModelName = "tinycnn", Device = CPU };
            using var withDir = new TempFolder();
            using (var model = Model(1)) new Trainer(model, data, options with { OutDir = withDir.Path, EmaDecay = 0.99 }).Run();
            using (var model = Model(1))
            {
                var e = Assert.Throws<InvalidDataException>(() => new Trainer(model, data, options with { OutDir = withDir.Path, Resume = true, Epochs = 2 }).Run());
                Assert.Contains("keeps a moving average of its weights (TrainerOptions.EmaDecay = 0.99), this one keeps no moving average", e.Message);
            }
            using var withoutDir = new TempFolder();
            using (var model = Model(1)) new Trainer(model, data, options with { OutDir = withoutDir.Path }).Run();
            using (var model = Model(1))
            {
                var e = Assert.Throws<InvalidDataException>(() => new Trainer(model, data, options with { OutDir = withoutDir.Path, Resume = true, Epochs = 2, EmaDecay = 0.9 }).Run());
                Assert.Contains("keeps no moving average of its weights, this one keeps a moving average", e.Message);
            }
            // Another decay is an override, reported as such.
            var info = Checkpoint.ReadInfo(withDir.File(Checkpoint.FileName));
            var changes = RunSettings.Compare("checkpoint.bin", info, info.Settings! with { Ema = 0.999 });
            Assert.Contains("TrainerOptions.EmaDecay: the run had 0.99, now 0.999", changes);
        }

    }
}
