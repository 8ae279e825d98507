using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class ShapesDatasetTests
    {
        [Fact]
        public void SameSeedRendersTheSameImagesAndAnotherSeedDoesNot()
        {
            var shape = new TensorShape(3, 32, 32);
            using var a = ShapesDataset.Generate(60, shape, seed: 7);
            using var b = ShapesDataset.Generate(60, shape, seed: 7);
            using var c = ShapesDataset.Generate(60, shape, seed: 8);
            Assert.True(Tensors.Same(a.Images, b.Images));
            Assert.True(Tensors.Same(a.Labels, b.Labels));
            Assert.False(Tensors.Same(a.Images, c.Images));
        }

        [Theory]
        [InlineData(1, 28, 28)]
        [InlineData(3, 32, 32)]
        [InlineData(3, 20, 40)]
        public void RendersTheRequestedShapeWithBalancedLabelsInRange(int c, int h, int w)
        {
            using var data = ShapesDataset.Generate(120, new TensorShape(c, h, w), seed: 1);
            Assert.Equal(new long[] { 120, c, h, w }, data.Images.shape);
            Assert.True(data.ClassCount >= 6);
            long[] labels = data.Labels.data<long>().ToArray();
            Assert.All(labels, l => Assert.InRange(l, 0, data.ClassCount - 1));
            var counts = labels.GroupBy(l => l).Select(g => g.Count()).ToArray();
            Assert.Equal(data.ClassCount, counts.Length);
            Assert.All(counts, n => Assert.Equal(120 / data.ClassCount, n));
            // Pixels are rendered in [0, 1] and normalized with mean 0.5, std 0.25.
            Assert.InRange(data.Images.min().item<float>(), -2.0001f, 0f);
            Assert.InRange(data.Images.max().item<float>(), 0f, 2.0001f);
        }

        [Fact]
        public void ImagesHaveContrast()
        {
            using var data = ShapesDataset.Generate(600, new TensorShape(1, 32, 32), seed: 3);
            using var std = data.Images.std();
            Assert.True(std.item<float>() > 0.3f, "images should not be flat");
        }

        [Fact]
        public void TestSplitSharesNoImageWithTrainSplit()
        {
            using var splits = ShapesDataset.Load(new TensorShape(1, 16, 16), seed: 5, trainCount: 300, testCount: 60);
            Assert.Equal(300, splits.Train.Count);
            Assert.Equal(60, splits.Test.Count);
            using var train = splits.Train.Images.flatten(1);
            using var test = splits.Test.Images.flatten(1);
            using var distances = cdist(test, train);
            Assert.True(distances.min().item<float>() > 1.0f, "a test image is (nearly) identical to a training image");
        }

        [Fact]
        public void SquareVectorInputIsRenderedAndFlattened()
        {
            using var data = ShapesDataset.Generate(12, TensorShape.Vector(784), seed: 2);
            Assert.Equal(new long[] { 12, 784 }, data.Images.shape);
        }
    }
}
