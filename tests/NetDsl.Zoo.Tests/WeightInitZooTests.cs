extern alias zoo;

using System;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>Zoo families initialise as torchvision's model classes do ([WeightInit] on their declarations).</summary>
    public sealed class WeightInitZooTests
    {
        static Tensor Param(Network n, string name) => n.named_parameters().First(p => p.name == name).parameter;

        [Theory]
        [InlineData("resnet18", "layer1.0.conv1.weight", 64 * 9)]     // kaiming_normal_(fan_out): std √(2 / (out·k·k))
        [InlineData("alexnet", "features.3.weight", 192 * 25)]        // He (torchvision's AlexNet keeps the default)
        [InlineData("sppnet", "features.0.weight", 96 * 49)]
        public void Convolutions_AreHeInitialised_FanOut(string model, string weight, int fanOut) => AssertHeStd(model, weight, fanOut);

        // VGG takes He's own fan-in rule (std √(2 / (in·k·k))): fan-out's signal fades through VGG-16's plain stack.
        [Theory]
        [InlineData("vgg11", "features.0.weight", 3 * 9)]
        [InlineData("vgg16_bn", "features.7.weight", 64 * 9)]
        public void Vgg_convolutions_are_He_initialised_fan_in(string model, string weight, int fanIn) => AssertHeStd(model, weight, fanIn);

        // He's rule: std √(2 / fan), the fan being in·k·k or out·k·k by the rule's mode.
        static void AssertHeStd(string model, string weight, int fan)
        {
            manual_seed(5);
            using var network = zoo::NetDsl.Models.Create(model, classes: 6);
            double std = Param(network, weight).std().item<float>(), expected = Math.Sqrt(2.0 / fan);
            Assert.InRange(std, expected * 0.9, expected * 1.1);
        }

        [Fact]
        public void SqueezeNet_HeadIsNormal001_AndConvNeXt_IsTruncatedNormal002()
        {
            manual_seed(5);
            using var squeeze = zoo::NetDsl.Models.Create("squeezenet1_1", classes: 6);
            Assert.InRange(Param(squeeze, "classifier.1.weight").std().item<float>(), 0.006, 0.014);
            Assert.Equal(0f, Param(squeeze, "classifier.1.bias").abs().max().item<float>());
            using var convnext = zoo::NetDsl.Models.Create("convnext_tiny", classes: 6);
            var stem = Param(convnext, "features.0.0.weight");
            Assert.InRange(stem.std().item<float>(), 0.018, 0.022);
        }

        [Theory]
        [InlineData("resnet50", "layer1.0.bn3.weight", "layer1.0.bn2.weight")]
        [InlineData("regnet_x_400mf", "trunk_output.block1.block1-0.f.c.1.weight", "trunk_output.block1.block1-0.f.b.1.weight")]
        [InlineData("efficientnet_b0", "features.2.1.block.3.1.weight", "features.2.0.block.3.1.weight")]   // 2.0 strides: no skip
        public void ResidualBranches_StartAtZero_WhereTheCardFamilyAsksForIt(string model, string zeroed, string kept)
        {
            using var network = zoo::NetDsl.Models.Create(model, classes: 6);
            Assert.Equal(0f, Param(network, zeroed).abs().max().item<float>());
            Assert.Equal(1f, Param(network, kept).min().item<float>());
        }

        [Fact]
        public void InceptionV3_AuxiliaryHead_TakesTorchvisionsSmallerStds()
        {
            // torchvision sets stddev 0.01 on AuxLogits.conv1 and 0.001 on AuxLogits.fc; 0.1 elsewhere. With 0.1 on the aux
            // classifier its first logits were ~±5 (first loss 4.7 with the 0.4 weight, not ~2.5).
            manual_seed(5);
            using var network = zoo::NetDsl.Models.Create("inception_v3", classes: 6);
            Assert.InRange(Param(network, "AuxLogits.fc.weight").std().item<float>(), 0.0009, 0.0011);
            Assert.InRange(Param(network, "AuxLogits.conv1.conv.weight").std().item<float>(), 0.0099, 0.0101);
            Assert.InRange(Param(network, "fc.weight").std().item<float>(), 0.095, 0.105);
            Assert.InRange(Param(network, "AuxLogits.conv0.conv.weight").std().item<float>(), 0.095, 0.105);
        }

        // The head is what produces the output, found in the graph: named_modules(), which lists children before
        // grandchildren, ends in ResNet-18's layer4.1.conv2, GoogLeNet's aux2 and hypercolumns' hyper5.
        [Theory]
        [InlineData("resnet18", "fc")]
        [InlineData("googlenet", "fc")]
        [InlineData("hypercolumns", "classifier")]
        [InlineData("fcn8s", "upscore8")]
        [InlineData("lraspp_mobilenet_v3_large", "classifier.high_classifier classifier.low_classifier")]
        [InlineData("rpn_resnet18", "rpn.outputs.bbox_pred rpn.outputs.cls_logits")]
        public void HeadLayers_AreTheLayersThatProduceTheOutput(string model, string heads)
        {
            using var network = zoo::NetDsl.Models.Create(model);
            Assert.Equal(heads, string.Join(" ", Initialization.WeightInitializer.HeadLayers(network).OrderBy(h => h, StringComparer.Ordinal)));
        }

        [Fact]
        public void EfficientNetHead_IsNormal001_WhateverTheClassCount()
        {
            // torchvision's ±1/√classes is ±0.41 at 6 classes: first logits near ±10 (loss 4.5, not ln 6), and no learning in an epoch.
            manual_seed(5);
            using var network = zoo::NetDsl.Models.Create("efficientnet_b0", classes: 6);
            Assert.InRange(Param(network, "classifier.1.weight").std().item<float>(), 0.009, 0.011);
        }
    }
}
