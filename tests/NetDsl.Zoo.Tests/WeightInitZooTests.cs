extern alias zoo;

using System;
using System.Linq;
using Xunit;
using static TorchSharp.torch;
using Models = zoo::NetDsl.Models;

namespace NetDsl.Zoo.Tests
{
    /// <summary>Zoo families initialise as torchvision's model classes do ([WeightInit] on their declarations).</summary>
    public sealed class WeightInitZooTests
    {
        static Tensor Param(Network n, string name) => n.named_parameters().First(p => p.name == name).parameter;

        [Theory]
        [InlineData("vgg11", "features.0.weight", 64 * 9)]            // kaiming_normal_(fan_out): std √(2 / (out·k·k))
        [InlineData("resnet18", "layer1.0.conv1.weight", 64 * 9)]
        [InlineData("alexnet", "features.3.weight", 192 * 25)]        // He like VGG (torchvision's AlexNet keeps the default)
        public void Convolutions_AreHeInitialised_FanOut(string model, string weight, int fanOut)
        {
            manual_seed(5);
            using var network = Models.Create(model, classes: 6, input: null);
            double std = Param(network, weight).std().item<float>(), expected = Math.Sqrt(2.0 / fanOut);
            Assert.InRange(std, expected * 0.9, expected * 1.1);
        }

        [Fact]
        public void SqueezeNet_HeadIsNormal001_AndConvNeXt_IsTruncatedNormal002()
        {
            manual_seed(5);
            using var squeeze = Models.Create("squeezenet1_1", classes: 6);
            Assert.InRange(Param(squeeze, "classifier.1.weight").std().item<float>(), 0.006, 0.014);
            Assert.Equal(0f, Param(squeeze, "classifier.1.bias").abs().max().item<float>());
            using var convnext = Models.Create("convnext_tiny", classes: 6);
            var stem = Param(convnext, "features.0.0.weight");
            Assert.InRange(stem.std().item<float>(), 0.018, 0.022);
        }
    }
}
