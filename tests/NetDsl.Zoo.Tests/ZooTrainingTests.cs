using NetDsl.Cli;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// The zoo sweep's fast subset: a few models, one per task, each trained with its own card for one short epoch on
    /// a small slice of the built-in data at a small input. The loss must fall and the test metric beat chance
    /// (6 classes: accuracy 1/6; masks: predicting background everywhere; detection: no box right). The full sweep
    /// is <c>zoo-train</c> (docs/zoo-training.md).
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class ZooTrainingTests
    {
        [Theory]
        [InlineData("resnet18", 3, 32, 0.3)]
        [InlineData("mobilenet_v3_small", 3, 32, 0.3)]
        [InlineData("unet_padded", 3, 32, 0.2)]
        [InlineData("conv_autoencoder", 3, 32, 12.0)]
        [InlineData("yolov1_resnet18", 3, 64, 0.01)]
        public void CardTraining_LossFalls_AndTheMetricBeatsChance(string model, int channels, int size, double beyondChance)
        {
            var row = ZooSweep.TrainOne(Zoo.Entry(model), new SweepSettings
            {
                Epochs = 1,
                TrainImages = 480,
                TestImages = 120,
                BatchSize = 16,
                Input = new TensorShape(channels, size, size),
            });
            Assert.Equal("ok", row.Status);
            Assert.True(row.LastLoss < row.FirstLoss * 0.9, $"{model}: loss {row.FirstLoss:F3} → {row.LastLoss:F3} did not fall");
            Assert.True(row.Metric > beyondChance, $"{model}: test {row.MetricName} {row.Metric:F3} is not above {beyondChance}");
            Assert.Equal(30, row.Epochs * row.TrainImages / row.BatchSize);
        }
    }
}
