using System.Linq;
using NetDsl;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Overlap-tile input for valid-convolution segmenters: mirrored margins, and shapes scenes labelled at the output's size.</summary>
    public class OverlapTileTests
    {
        [Fact]
        public void MarginsNarrowerThanTheImageAreTorchsReflectPadding()
        {
            using var images = rand(2, 3, 9, 11);
            using var mirrored = OverlapTile.Mirror(images, 4, 7);
            using var reflected = nn.functional.pad(images, new long[] { 7, 7, 4, 4 }, TorchSharp.PaddingModes.Reflect);
            Assert.Equal(new long[] { 2, 3, 17, 25 }, mirrored.shape);
            Assert.True(Tensors.Same(reflected, mirrored));
        }

        [Fact]
        public void MarginsWiderThanTheImageKeepReflecting()
        {
            using var held = new ScalarScope();
            using var row = arange(held[3L], ScalarType.Int64).reshape(1, 3);
            using var mirrored = OverlapTile.Mirror(row, 0, 5);
            Assert.Equal(new long[] { 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1 }, mirrored.data<long>().ToArray());
            using var pixel = ones(1, 1);
            using var spread = OverlapTile.Mirror(pixel, 2, 3);
            Assert.Equal(new long[] { 5, 7 }, spread.shape);
            Assert.True(spread.eq(held[1L]).all().item<bool>());
        }

        [Fact]
        public void AnOutputThatIsNotACentredPartIsNamed()
        {
            Assert.Equal(92, OverlapTile.Margin(572, 388));
            var odd = Assert.Throws<System.ArgumentException>(() => OverlapTile.Margin(10, 7));
            Assert.Contains("output of 7", odd.Message);
            Assert.Throws<System.ArgumentException>(() => OverlapTile.Margin(10, 12));
        }

        [Fact]
        public void ShapesScenesForASmallerOutputAreDrawnAtItsSizeAndMirroredOut()
        {
            var input = new TensorShape(3, 24, 24);
            using var tiled = ShapesDataset.LoadSegmentation(input, seed: 4, trainCount: 6, testCount: 3, maskSize: (20, 20));
            using var scenes = ShapesDataset.GenerateSegmentation(6, new TensorShape(3, 20, 20), seed: 4);
            Assert.Equal(new long[] { 6, 3, 24, 24 }, tiled.Train.Images.shape);
            Assert.Equal(new long[] { 6, 20, 20 }, tiled.Train.Targets.shape);
            Assert.Equal(new long[] { 3, 20, 20 }, tiled.Test.Targets.shape);
            Assert.Equal(input, tiled.Train.SampleShape);
            using var centre = tiled.Train.Images.narrow(2, 2, 20).narrow(3, 2, 20);
            Assert.True(Tensors.Same(scenes.Images, centre));
            Assert.True(Tensors.Same(scenes.Targets, tiled.Train.Targets));
        }

        [Fact]
        public void TaskDataGivesAValidConvolutionSegmenterMasksOfItsOutputSize()
        {
            var entry = TestModels.Entry("validseg", () => new ValidSegNet(), ModelTask.Segmentation);
            var input = new TensorShape(3, 24, 24);
            using var network = entry.Create(input);
            using var splits = TaskData.Load(entry, network, DataSource.Shapes, input, seed: 1, trainImages: 8, testImages: 4);
            Assert.Equal(new long[] { 8, 20, 20 }, splits.Train.Targets.shape);
            Assert.Equal(new long[] { 8, 3, 24, 24 }, splits.Train.Images.shape);
            using var output = network.call(splits.Train.Images);
            var task = new SegmentationTask();
            task.CheckTargets(output, splits.Train.Images, splits.Train.Targets, "train");
            using var loss = task.Loss(output, splits.Train.Images, splits.Train.Targets);
            Assert.True(float.IsFinite(loss.item<float>()));
        }
    }
}
