using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class TrainingTests
    {
        [Theory]
        [InlineData(1, 28)]
        [InlineData(3, 32)]
        public void TinyCnnLearnsTheShapesOnDataItNeverSaw(int channels, int size)
        {
            var shape = new TensorShape(channels, size, size);
            using var data = ShapesDataset.Load(shape, seed: 11, trainCount: 1200, testCount: 300);
            random.manual_seed(11);
            using var model = new TinyCnn(channels, size);
            var options = new TrainerOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.05, Seed = 11, Device = CPU };

            var before = Evaluator.Evaluate(model, data.Test, 64, CPU);
            var result = new Trainer(model, data, options).Run();

            Assert.Equal(3, result.History.Count);
            Assert.True(result.Test.Loss < before.Loss * 0.8, $"test loss {before.Loss:F3} → {result.Test.Loss:F3}");
            Assert.True(result.History[^1].TestLoss < result.History[0].TestLoss * 1.05);
            double chance = 1.0 / data.Test.ClassCount;
            Assert.True(result.TestMetric > 3 * chance, $"test accuracy {result.TestMetric:F3} vs chance {chance:F3}");
            Assert.True(result.History.All(m => m.LearningRate >= 0 && m.LearningRate < 0.05));
        }

        [Fact]
        public void ScheduleWarmsUpThenDecaysToZero()
        {
            var schedule = new LearningRateSchedule(0.1, totalSteps: 100, warmupSteps: 9);
            Assert.Equal(0.01, schedule.At(0), 10);
            Assert.Equal(0.1, schedule.At(9), 10);
            Assert.True(schedule.At(50) < schedule.At(20));
            Assert.True(schedule.At(99) < 0.001);
            for (long s = 10; s < 100; s++) Assert.True(schedule.At(s) <= schedule.At(s - 1) + 1e-12);
        }

        [Fact]
        public void BatchOrderDependsOnlyOnSeedAndEpoch()
        {
            using var data = ShapesDataset.Generate(50, new TensorShape(1, 8, 8), seed: 1);
            var a = new BatchLoader(data, 16, shuffle: true, seed: 3);
            var b = new BatchLoader(data, 16, shuffle: true, seed: 3);
            Assert.Equal(a.Batches(2).SelectMany(x => x), b.Batches(2).SelectMany(x => x));
            Assert.NotEqual(a.Batches(1).SelectMany(x => x), a.Batches(2).SelectMany(x => x));
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), a.Batches(1).SelectMany(x => x).OrderBy(i => i));
            Assert.Equal(4, a.BatchesPerEpoch);
        }
    }
}
