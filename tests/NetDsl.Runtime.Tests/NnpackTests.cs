using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// libtorch logs "Could not initialize NNPACK! Reason: Unsupported hardware." to stderr on every single-image
    /// convolution where NNPACK is unsupported, unless NNPACK is off in its global context; every generated network
    /// turns it off as it is built (<see cref="Nnpack"/>). The flag is what decides, so the test reads it back rather
    /// than capturing a child process's stderr.
    /// </summary>
    public sealed class NnpackTests
    {
        [Fact]
        public void BuildingANetwork_TurnsNnpackOff_SoSingleImageConvolutionsLogNothing()
        {
            using var net = new ShapesNet(classes: 6);
            Assert.True(Nnpack.Disable(), "libtorch's at::Context::setUserEnabledNNPACK was not found");
            Assert.False(Nnpack.Enabled());
            using var image = TorchSharp.torch.zeros(1, 3, 32, 32);
            using var output = net.Predict(image);
            Assert.Equal(new long[] { 1, 6 }, output.shape);
        }
    }
}
