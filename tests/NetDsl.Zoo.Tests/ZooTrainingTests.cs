using NetDsl.Cli;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// The zoo sweep's fast subset (issue 18): a handful of models trained as a user trains them, and every other family's
    /// recipe on one fixed batch. The cards' own metrics, every model's, are the sweep's check (<c>zoo-train</c>,
    /// docs/zoo-training.md), minutes per model: held-out accuracy after one epoch is the chaotic end of training (the
    /// former convnext_tiny card ended at 0.45 on one host and 0.19 on two others from the same first loss), and the rows that
    /// measured it here made up 40 of CI's 55 minutes on a 2-core host, about 3.5x that on an AVX2-only one.
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class ZooTrainingTests
    {
        /// <summary>
        /// Exactly as the model card says (one epoch): the loss must fall and the test metric clear a bar well above chance
        /// (6 classes: accuracy 1/6; reconstruction: PSNR). Shorter runs do not test a card: at 30-200 steps resnet18 and
        /// mobilenet_v3_small stay near chance although their cards reach 0.8-0.93 and 0.72-0.77. resnet18 is README's main
        /// job; mobilenet_v3_small is one of issue 18's models that did not learn with the defaults.
        /// </summary>
        [Theory]
        [InlineData("resnet18", 0.6)]             // (sweep 0.847; 0.801 on an AVX2-only host)
        [InlineData("mobilenet_v3_small", 0.5)]   // (sweep 0.773)
        [InlineData("conv_autoencoder", 12.0)]    // (sweep 15.1 dB)
        public void CardTraining_LossFalls_AndTheMetricClearsItsBar(string model, double bar)
        {
            var row = ZooSweep.TrainOne(Zoo.Entry(model), new SweepSettings { BudgetSeconds = Budget });
            AssertLearnt(model, row, bar);
        }

        /// <summary>
        /// A segmenter on a slice of its card (the card's optimizer, rate, schedule and input; 3,000 images where the card
        /// trains 2 x 10,000, 177 s on the sweep's host): background everywhere scores about 0.11 mIoU.
        /// </summary>
        [Fact]
        public void SegmenterSlice_LossFalls_AndTheMetricBeatsChance()
        {
            var slice = new SweepSettings { TrainImages = 3000, Epochs = 1, TestImages = 300, BudgetSeconds = Budget };
            AssertLearnt("unet_padded", ZooSweep.TrainOne(Zoo.Entry("unet_padded"), slice), 0.13);
        }

        /// <summary>
        /// One model of every other family, through the sweep's path with its card's optimizer, peak rate, schedule,
        /// warm-up, weight decay, label smoothing, input and constructor arguments, on one fixed batch of 16 images seen
        /// <paramref name="steps"/> times: the training loss must end below 0.6 of its first value. What it catches: no
        /// update (a card's optimizer or schedule wired wrong), gradients that do not reach the loss, a head or an
        /// initialisation that cannot fit. Measured on an AVX2-only 2-core host, loss last/first: 0.12-0.38 in 10 steps;
        /// the region proposal network gets 20 steps (0.55 after 10, 0.40), the low-rate cards more: AlexNet and SPPNet (AdamW
        /// 2e-4) and LeNet-5 30 (0.05, 0.18, 0.06), SqueezeNet (AdamW 3e-4) 50 (0.57 after 30, 0.32). Left out, each trained
        /// by the sweep: fcn8s (its 100-pixel padding makes a step about 12 s there), VGG (SGD 0.01: vgg11 0.73 after 30
        /// steps, the bar's fail case), unet (1x300x300 at batch 1).
        /// </summary>
        [Theory]
        [InlineData("convnext_tiny", 10)]
        [InlineData("densenet121", 10)]
        [InlineData("efficientnet_b0", 10)]
        [InlineData("efficientnet_v2_s", 10)]
        [InlineData("googlenet", 10)]
        [InlineData("inception_v3", 10)]
        [InlineData("mnasnet0_5", 10)]
        [InlineData("mobilenet_v2", 10)]
        [InlineData("regnet_x_400mf", 10)]
        [InlineData("regnet_y_400mf", 10)]
        [InlineData("resnext50_32x4d", 10)]
        [InlineData("se_resnet50", 10)]
        [InlineData("shufflenet_v2_x0_5", 10)]
        [InlineData("deform_resnet50", 10)]
        [InlineData("upsample_autoencoder", 10)]
        [InlineData("deeplabv3_mobilenet_v3_large", 10)]
        [InlineData("deeplabv3_resnet50", 10)]
        [InlineData("fcn_resnet50", 10)]
        [InlineData("lraspp_mobilenet_v3_large", 10)]
        [InlineData("hypercolumns", 10)]
        [InlineData("rpn_resnet18", 20)]
        [InlineData("yolov1_resnet18", 10)]
        [InlineData("alexnet", 30)]
        [InlineData("sppnet", 30)]
        [InlineData("squeezenet1_1", 50)]
        [InlineData("lenet5", 30)]
        public void FixedBatch_TheCardsRecipeFitsIt(string model, int steps)
        {
            // Each step is an epoch, and every epoch ends in a test pass: two test images and no BatchNorm re-estimation
            // keep that pass small (they change no training loss, the one thing checked here): 301 s -> 246 s for the 26 models
            // on an AVX2-only 2-core host.
            var oneBatch = new SweepSettings { TrainImages = 16, TestImages = 2, BatchSize = 16, Epochs = steps, RecalibrateBatchNorm = 0, BudgetSeconds = Budget };
            var row = ZooSweep.TrainOne(Zoo.Entry(model), oneBatch);
            Assert.Equal("ok", row.Status);
            // One step per epoch: LastLoss (the mean of the last epoch's last quarter) is the last step's loss.
            Assert.True(row.LastLoss < row.FirstLoss * 0.6, $"{model}: loss {row.FirstLoss:F3} → {row.LastLoss:F3} in {steps} steps on one batch is not below 0.6 of the first");
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
