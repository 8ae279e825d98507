using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class ShapeScenesTests
    {
        [Fact]
        public void MasksMarkEachShapesPixelsWithItsClassAndAreSeeded()
        {
            using var a = ShapesDataset.GenerateSegmentation(30, new TensorShape(3, 32, 32), seed: 5);
            using var b = ShapesDataset.GenerateSegmentation(30, new TensorShape(3, 32, 32), seed: 5);
            Assert.Equal(new long[] { 30, 32, 32 }, a.Targets.shape);
            Assert.True(Tensors.Same(a.Images, b.Images) && Tensors.Same(a.Targets, b.Targets));
            Assert.Equal(7, a.ClassCount);
            Assert.Equal("background", a.ClassNames[0]);
            for (int i = 0; i < 30; i++)
            {
                using var held = new ScalarScope();
                using var mask = a.Targets[i];
                using var foreground = mask.gt(held[0L]).sum();
                Assert.InRange(foreground.item<long>(), 10, 32 * 32 - 10);   // every scene has a shape, and background
            }
            using var classes = a.Targets.unique().Item1;
            Assert.True(classes.shape[0] >= 5, "thirty scenes cover most classes");
        }

        [Fact]
        public void BoxGridsHoldOneToThreeObjectsInDistinctCellsWithinTheImage()
        {
            using var data = ShapesDataset.GenerateDetection(40, new TensorShape(3, 32, 32), grid: 4, seed: 2);
            Assert.Equal(new long[] { 40, 11, 4, 4 }, data.Targets.shape);
            for (int i = 0; i < 40; i++)
            {
                using var scope = NewDisposeScope();
                using var held = new ScalarScope();
                Tensor grid = data.Targets[i];
                Tensor objects = grid[0];
                long count = objects.sum().item<float>() is var c ? (long)c : 0;
                Assert.InRange(count, 1, 3);
                Tensor present = objects.gt(held[0.5]);
                Assert.True(grid[1..3].masked_select(present.unsqueeze(0).expand(2, 4, 4)).data<float>().ToArray().All(v => v >= 0 && v < 1));
                float[] sizes = grid[3..5].masked_select(present.unsqueeze(0).expand(2, 4, 4)).data<float>().ToArray();
                Assert.All(sizes, s => Assert.InRange(s, 0.05f, 0.6f));
                Assert.Equal(count, grid[5..].sum(dim: 0).masked_select(present).sum().item<float>(), 3); // one class per object
            }
        }
    }
}
