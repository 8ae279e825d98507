using System.IO;
using NetDsl;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A per-pixel head declared for segmentation.</summary>
    [Network(Input = "3x16x16", Task = ModelTask.Segmentation)]
    public partial class PixelNet(int classes = 7)
    {
        [Conv(8, 3, Padding = 1), ReLU] Layer conv;
        [Conv(nameof(classes), 1)]      Layer head;
    }

    /// <summary>The same head with the Task left at its default (classification): the mistake the message must name.</summary>
    [Network(Input = "3x16x16")]
    public partial class PixelNetUndeclared(int classes = 7)
    {
        [Conv(8, 3, Padding = 1), ReLU] Layer conv;
        [Conv(nameof(classes), 1)]      Layer head;
    }

    /// <summary>
    /// Data loaded for one task given to a network declared for another: the first batch stops with what the targets hold,
    /// what the network's task learns from, the loader that gives it and the declaration that fits the data (not a shape error).
    /// </summary>
    public class TaskTargetsMismatchTests
    {
        static TrainerOptions Options(Network net) => net.TrainingDefaults() with { Epochs = 1, BatchSize = 8, Device = CPU };

        [Fact]
        public void A_segmentation_network_given_the_shapes_labels_is_told_to_load_masks()
        {
            using var net = new PixelNet();
            using var data = ShapesDataset.Load(net.InputShape, seed: 0, trainCount: 16, testCount: 8);
            var e = Assert.Throws<InvalidDataException>(() => net.Fit(data, Options(net)));
            Assert.Equal("shapes train, epoch 1 batch 1: the targets are one class label per image [8], but the network is declared for " +
                "segmentation (Task = ModelTask.Segmentation), which learns from masks (a class per pixel); load masks " +
                "(ShapesDataset.LoadSegmentation(network.InputShape, seed), DataSource.MaskFolder(dir)), or declare " +
                "[Network(Task = ModelTask.Classification)] for classification", e.Message);

            // The fix the message gives trains.
            using var masks = ShapesDataset.LoadSegmentation(net.InputShape, seed: 0, trainCount: 16, testCount: 8);
            var result = net.Fit(masks, Options(net));
            Assert.Equal("mIoU", result.History[^1].MetricName);
        }

        [Fact]
        public void A_per_pixel_head_left_a_classifier_given_masks_is_told_to_declare_segmentation()
        {
            using var net = new PixelNetUndeclared();
            using var data = ShapesDataset.LoadSegmentation(net.InputShape, seed: 0, trainCount: 16, testCount: 8);
            var e = Assert.Throws<InvalidDataException>(() => net.Fit(data, Options(net)));
            Assert.StartsWith("shapes", e.Message);
            Assert.EndsWith(": the targets are masks (a class per pixel) [8, 16, 16], but the network is declared for classification " +
                "(Task = ModelTask.Classification), which learns from one class label per image; load labelled images " +
                "(ShapesDataset.Load(network.InputShape, seed), DataSource.ImageFolder(dir)), or declare " +
                "[Network(Task = ModelTask.Segmentation)] for segmentation", e.Message);
        }

        [Fact]
        public void A_detector_given_labels_is_told_to_load_box_grids()
        {
            using var images = zeros(2, 3, 8, 8);
            using var labels = tensor(new long[] { 0, 1 });
            using var output = zeros(2, 16, 2, 2);
            var e = Assert.Throws<InvalidDataException>(() => new DetectionTask().CheckTargets(output, images, labels, "mine train, epoch 1 batch 1"));
            Assert.Contains("the targets are one class label per image [2], but the network is declared for detection", e.Message);
            Assert.Contains("ShapesDataset.LoadDetection(network.InputShape, grid, seed)", e.Message);
        }
    }
}
