using System.Text.RegularExpressions;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>Run-time guards: building for an input the shape rules reject throws the compile-time message.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class ShapeGuardTests
    {
        /// <param name="path">Where the size first drops below 1, worked out by hand.</param>
        [Theory]
        // AlexNet at 16x16: features.0 (11, stride 4, pad 2) → 3x3, features.2 pool → 1x1, features.3 → 1x1,
        // features.5 (pool 3, stride 2) would be 0x0.
        [InlineData("alexnet", 3, 16, 16, "features.5", "MaxPool2d", "192x1x1")]
        // LeNet-5 at 8x8: conv1 (5, pad 2) → 8x8, pool → 4x4, conv2 (5) would be 0x0.
        [InlineData("lenet5", 1, 8, 8, "conv2", "Conv2d", "6x4x4")]
        // VGG-11 at 16x16: four 2x2 pools → 1x1, the fifth (features.20) would be 0x0.
        [InlineData("vgg11", 3, 16, 16, "features.20", "MaxPool2d", "512x1x1")]
        public void CreateForTooSmallInput_ThrowsShapeException_NamingTheLayer(string model, int c, int h, int w,
            string path, string kind, string inputAtLayer)
        {
            using var scope = torch.NewDisposeScope();
            var entry = Zoo.Entry(model);
            var e = Assert.Throws<ShapeException>(() => { entry.Create(new TensorShape(c, h, w)).Dispose(); });

            Assert.Matches(new Regex("^ND000[0-9]: "), e.Message);
            Assert.Equal(ShapeIssueIds.NonPositiveSize, e.Issue.Id);
            Assert.StartsWith($"{ShapeIssueIds.NonPositiveSize}: {path}: {kind} ", e.Message);
            Assert.Contains("input " + inputAtLayer, e.Message);
            Assert.Equal(e.Issue.Id + ": " + e.Issue.Message, e.Message);
        }

        /// <summary>A failed build leaves no input override behind: the next Create() uses the declared input.</summary>
        [Fact]
        public void FailedCreate_DoesNotLeakTheInputOverride()
        {
            using var scope = torch.NewDisposeScope();
            var entry = Zoo.Entry("lenet5");
            Assert.Throws<ShapeException>(() => { entry.Create(new TensorShape(1, 8, 8)).Dispose(); });
            var net = entry.Create();
            try
            {
                Assert.Equal(new TensorShape(1, 28, 28), net.InputShape);
                Assert.Equal(entry.Parameters, net.ParameterTotal);
            }
            finally
            {
                net.Dispose();
            }
        }
    }
}
