using NetDsl.Cli;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// The zoo sweep's fast subset: small classifiers and an autoencoder, each trained exactly as its card says (one epoch; on a
    /// quiet 2-core machine 5–30 s each), so the card itself is what is tested. The loss must fall and the test metric
    /// clear a bar well above chance (6 classes: accuracy 1/6; masks: background everywhere scores its IoU over the
    /// ~7 classes present, about 0.11; reconstruction: PSNR). Shorter slices than the card's do not test the card:
    /// at 30–200 steps resnet18 and mobilenet_v3_small stay near chance although their cards reach 0.93 and 0.72.
    /// Segmenters train on slices (unet_padded's card, 2 x 10,000 images, takes 3 minutes); detection is left to the full
    /// sweep, <c>zoo-train</c> (docs/zoo-training.md).
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class ZooTrainingTests
    {
        [Theory]
        [InlineData("resnet18", 0.6)]
        [InlineData("mobilenet_v3_small", 0.5)]
        [InlineData("conv_autoencoder", 12.0)]
        // Families issue 16 added, each with its card (sweep: mnasnet0_5 0.57, regnet_x_400mf 0.61, squeezenet1_1 0.85); and
        // EfficientNet, whose card needed zeroed residual branches and a small head to learn at all. convnext_tiny's card is
        // left to the sweep: its one epoch at 2e-3 (4e-3 diverges) ends at 0.45 on one CI host and 0.19 on another, from the
        // same first loss (1.98578822…) and the same code: a trajectory that chaotic tests the host, not the card.
        [InlineData("mnasnet0_5", 0.4)]
        [InlineData("regnet_x_400mf", 0.4)]
        [InlineData("efficientnet_b0", 0.6)]
        [InlineData("squeezenet1_1", 0.6)]
        public void CardTraining_LossFalls_AndTheMetricClearsItsBar(string model, double bar)
        {
            var row = ZooSweep.TrainOne(Zoo.Entry(model), new SweepSettings { BudgetSeconds = Budget });
            AssertLearnt(model, row, bar);
        }

        /// <summary>
        /// Families whose full card runs minutes train through the same path on a slice: the card's optimizer, rate,
        /// schedule, input and constructor arguments, a smaller input or fewer images. The bar is what the slice cleared on
        /// this machine with margin (in brackets), well above chance; the full card's metric is the sweep's check.
        /// </summary>
        [Theory]
        [InlineData("shufflenet_v2_x1_0", "3x32x32", 10000, 2, 0.4)]   // (0.526 in 36 s; the card: 64x64, 0.91)
        [InlineData("efficientnet_v2_s", null, 3000, 1, 0.35)]        // (0.525 in ~60 s; the card: 10,000 images, 0.99)
        [InlineData("inception_v3", null, 10000, 1, 0.25)]            // (0.338 in 114 s; the card: 2 epochs, 0.51; auxLogits=false at 75x75)
        // Segmenters: background everywhere scores about 0.11 mIoU.
        [InlineData("lraspp_mobilenet_v3_large", "3x32x32", 5000, 1, 0.13)]  // (0.155 in ~50 s, loss 3.0 → 0.84; the card: 64x64, 2 x 10,000, 0.77)
        [InlineData("hypercolumns", "3x32x32", null, 1, 0.13)]             // (0.156 in ~35 s, loss 14 → 0.5; the card: 64x64, 0.16)
        [InlineData("unet_padded", null, 3000, 1, 0.13)]                    // (the card: 2 x 10,000 images, 0.85 in 177 s; 3,000 images keep CI short)
        public void FamilySlice_LossFalls_AndTheMetricBeatsChance(string model, string? input, int? images, int epochs, double bar)
        {
            TensorShape? size = TensorShape.TryParse(input, out var parsed) ? parsed : null;
            var slice = new SweepSettings { Input = size, TrainImages = images, Epochs = epochs, TestImages = 300, BudgetSeconds = Budget };
            AssertLearnt(model, ZooSweep.TrainOne(Zoo.Entry(model), slice), bar);
        }

        /// <summary>
        /// The sweep's per-model budget (600 s) bounds a table; here it would turn a slow machine into a failed card
        /// (convnext_tiny, about 2.5 minutes alone, was cut at 10 minutes beside other work). CI's own limit bounds the time.
        /// </summary>
        const double Budget = 3600;

        static void AssertLearnt(string model, NetDsl.Runtime.Comparison.ModelResult row, double bar)
        {
            Assert.Equal("ok", row.Status);
            Assert.True(row.LastLoss < row.FirstLoss * 0.9, $"{model}: loss {row.FirstLoss:F3} → {row.LastLoss:F3} did not fall");
            Assert.True(row.Metric > bar, $"{model}: test {row.MetricName} {row.Metric:F3} is not above {bar}");
        }
    }
}
