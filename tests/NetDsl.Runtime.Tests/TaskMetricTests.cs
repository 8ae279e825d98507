using System.IO;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class TaskMetricTests
    {
        [Fact]
        public void ClassificationCountsTopOneTopFiveAndConfusion()
        {
            // Three samples, six classes: right, second-best, last.
            using var logits = tensor(new float[]
            {
                9, 1, 0, 0, 0, 0,
                5, 4, 3, 2, 1, 0,
                5, 4, 3, 2, 1, 0,
            }, new long[] { 3, 6 });
            using var labels = tensor(new long[] { 0, 1, 5 });
            var metric = (ClassificationTask.Accumulator)new ClassificationTask().NewAccumulator(training: false);
            metric.Add(logits, logits, labels);
            Assert.Equal(1.0 / 3, metric.Value, 10);
            Assert.Equal(2.0 / 3, metric.Details["top5"], 10);
            Assert.Equal(1, metric.Confusion![0, 0]);
            Assert.Equal(1, metric.Confusion[1, 0]);
            Assert.Equal(1, metric.Confusion[5, 0]);
            Assert.Equal(3, metric.Confusion.Total);
        }

        [Fact]
        public void SegmentationIoUIsPerClassAndMeanOverPresentClasses()
        {
            // A 1x4 image with 3 classes: truth [0 0 1 1], predicted [0 1 1 1]; class 2 is absent from both.
            using var truth = tensor(new long[] { 0, 0, 1, 1 }, new long[] { 1, 1, 4 });
            using var logits = nn.functional.one_hot(tensor(new long[] { 0, 1, 1, 1 }), 3).to_type(ScalarType.Float32).t().reshape(1, 3, 1, 4);
            var metric = new SegmentationTask().NewAccumulator(training: false);
            metric.Add(logits, logits, truth);
            Assert.Equal(0.5, metric.Details["iou.0"], 10);        // 1 / (2 + 1 - 1)
            Assert.Equal(2.0 / 3, metric.Details["iou.1"], 10);    // 2 / (2 + 3 - 2)
            Assert.True(double.IsNaN(metric.Details["iou.2"]));   // skipped, its column kept (empty in metrics.csv)
            Assert.Equal((0.5 + 2.0 / 3) / 2, metric.Value, 10);
            Assert.Equal(0.75, metric.Details["pixelAccuracy"], 10);

            var restored = new SegmentationTask().NewAccumulator(training: true);
            restored.Restore(metric.Save());
            restored.Add(logits, logits, truth);
            Assert.Equal(metric.Value, restored.Value, 10); // doubled counts, same ratios
        }

        [Fact]
        public void PsnrOfAPerfectCopyIsHighAndOfNoiseIsLow()
        {
            using var held = new ScalarScope();
            random.manual_seed(1);
            using var images = rand(4, 1, 8, 8);
            var perfect = new ReconstructionTask().NewAccumulator(false);
            perfect.Add(images, images, images);
            var noisy = new ReconstructionTask().NewAccumulator(false);
            using var noise = images.add(randn_like(images).mul(held[0.3]), alpha: Scalars.One);
            noisy.Add(noise, images, images);
            Assert.True(perfect.Value > 90, $"{perfect.Value}");
            Assert.InRange(noisy.Value, 5, 20);
        }

        [Fact]
        public void DetectionOfTheTrueBoxesScoresAMapOfOneAndAnEmptyOutputZero()
        {
            using var held = new ScalarScope();
            using var data = ShapesDataset.GenerateDetection(20, new TensorShape(3, 32, 32), grid: 4, seed: 3);
            var task = new DetectionTask(boxesPerCell: 2);
            using var perfect = PerfectLogits(data.Targets);
            var metric = task.NewAccumulator(training: false);
            metric.Add(perfect, data.Images, data.Targets);
            Assert.Equal(1.0, metric.Value, 6);

            using var silent = full(new long[] { 20, 16, 4, 4 }, held[-20f]);
            var none = task.NewAccumulator(training: false);
            none.Add(silent, data.Images, data.Targets);
            Assert.Equal(0.0, none.Value, 6);
            using var loss = task.Loss(perfect, data.Images, data.Targets);
            using var worse = task.Loss(silent, data.Images, data.Targets);
            Assert.True(loss.item<float>() < 0.1f * worse.item<float>(), $"loss {loss.item<float>()} vs {worse.item<float>()}");
        }

        /// <summary>Raw outputs whose activations reproduce the targets: both boxes copy the true box.</summary>
        static Tensor PerfectLogits(Tensor targets)
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            Tensor box = targets[.., 1..5].clamp(held[1e-4], held[1 - 1e-4]).logit();
            Tensor confidence = targets[.., 0..1].mul(held[40L]).sub(held[20L]);
            Tensor classes = targets[.., 5..].mul(held[20L]);
            return cat(new[] { box, confidence, box, confidence, classes }, 1).MoveToOuterDisposeScope();
        }

        [Fact]
        public void LabelsOutOfRangeNameTheSourceAndSample()
        {
            using var images = zeros(4, 1, 8, 8);
            using var labels = tensor(new long[] { 0, 1, 9, 2 });
            using var logits = zeros(4, 6);
            var e = Assert.Throws<InvalidDataException>(() => new ClassificationTask().CheckTargets(logits, images, labels, "shapes train, epoch 1 batch 3"));
            Assert.Equal("shapes train, epoch 1 batch 3, sample 2: label 9 is outside 0..5 (the model has 6 outputs)", e.Message);
        }

        /// <summary>
        /// A mask's void pixels (255, Pascal VOC's borders) are in no class: the check lets them through but still names a
        /// class beyond the head, the loss is the cross-entropy over the other pixels, and IoU and pixel accuracy leave them out.
        /// </summary>
        [Fact]
        public void VoidMaskPixelsAreLeftOutOfLossAndMetricsButOtherValuesAreStillChecked()
        {
            // A 1x4 image with 3 classes: truth [0 255 1 255], predicted [0 1 1 2]: right on both kept pixels.
            using var truth = tensor(new long[] { 0, SegmentationTask.Void, 1, SegmentationTask.Void }, new long[] { 1, 1, 4 });
            using var held = new ScalarScope();
            using var logits = nn.functional.one_hot(tensor(new long[] { 0, 1, 1, 2 }), 3).to_type(ScalarType.Float32).mul(held[5L]).t().reshape(1, 3, 1, 4);
            var task = new SegmentationTask();
            task.CheckTargets(logits, logits, truth, "voc train");

            using var kept = tensor(new long[] { 0, 2 });
            using var keptLogits = logits.index_select(3, kept);
            using var keptTruth = tensor(new long[] { 0, 1 }, new long[] { 1, 1, 2 });
            using var expected = nn.functional.cross_entropy(keptLogits, keptTruth);
            using var loss = task.Loss(logits, logits, truth);
            Assert.Equal(expected.item<float>(), loss.item<float>(), 5);

            var metric = task.NewAccumulator(training: false);
            metric.Add(logits, logits, truth);
            Assert.Equal(1.0, metric.Value, 10);                   // classes 0 and 1, each predicted exactly where it is
            Assert.Equal(1.0, metric.Details["pixelAccuracy"], 10);
            Assert.True(double.IsNaN(metric.Details["iou.2"]));    // class 2, predicted only on a void pixel, is not counted

            using var beyond = tensor(new long[] { 0, SegmentationTask.Void, 3, 1 }, new long[] { 1, 1, 4 });
            var e = Assert.Throws<InvalidDataException>(() => task.CheckTargets(logits, logits, beyond, "voc train"));
            Assert.Equal("voc train, sample 0: mask class 3 is outside 0..2 (the model has 3 outputs)", e.Message);
        }
    }
}
