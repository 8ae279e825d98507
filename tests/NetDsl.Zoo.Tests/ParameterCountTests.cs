using System;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    [Collection(ZooCollection.Name)]
    public sealed class ParameterCountTests
    {
        readonly ZooFixture zoo;
        public ParameterCountTests(ZooFixture zoo) { this.zoo = zoo; }

        /// <summary>
        /// Three independent counts agree: the generator's compile-time count, torchvision's, and the
        /// built TorchSharp module's. The reference num_params comes from torchvision 0.14.1
        /// (tests/reference/torchvision/&lt;model&gt;.json, written by tests/reference/torchvision_reference.py as
        /// sum(p.numel() for p in torchvision.models.&lt;model&gt;(weights=None).parameters())), which equals the
        /// "num_params" of the weights metadata in torchvision 0.14 (e.g. ResNet18_Weights.IMAGENET1K_V1
        /// .meta["num_params"] = 11,689,512; VGG16_Weights.IMAGENET1K_V1: 138,357,544; AlexNet: 61,100,840).
        /// </summary>
        [Theory]
        [MemberData(nameof(Zoo.TorchvisionNames), MemberType = typeof(Zoo))]
        public void CompileTimeCount_EqualsTorchvision_EqualsBuiltModule(string model)
        {
            var entry = Zoo.Entry(model);
            var reference = Reference.Load(model);
            var facts = zoo.Facts(model);

            Assert.Equal(reference.NumParams, entry.Parameters);
            Assert.Equal(reference.NumParams, facts.TrainableNumel);
            Assert.Equal(0, facts.FrozenParameterTensors);
            Assert.Equal(reference.NumParams, facts.ParameterTotal);
        }

        /// <summary>Well-known torchvision facts, independent of the JSON files.</summary>
        [Theory]
        [InlineData("alexnet", 61_100_840L)]
        [InlineData("vgg16", 138_357_544L)]
        [InlineData("vgg19_bn", 143_678_248L)]
        [InlineData("resnet18", 11_689_512L)]
        [InlineData("resnet50", 25_557_032L)]
        [InlineData("resnet152", 60_192_808L)]
        public void ReferenceFiles_HoldTorchvisionsPublishedCounts(string model, long numParams)
        {
            Assert.Equal(numParams, Reference.Load(model).NumParams);
            Assert.Equal(numParams, Zoo.Entry(model).Parameters);
        }

        /// <summary>
        /// SE-ResNet-50 (no torchvision model): 28,088,024 parameters as published with the SENet authors'
        /// reference implementation (Hu et al., 2018; the "se_resnet50" ImageNet weights) — ResNet-50's
        /// 25,557,032 plus C²/8 + C + C/16 per bottleneck for squeeze-excite at reduction 16.
        /// </summary>
        [Fact]
        public void SeResNet50_CountIsThePublishedOne()
        {
            const long expected = 28_088_024;
            var facts = zoo.Facts("se_resnet50");
            Assert.Equal(expected, Zoo.Entry("se_resnet50").Parameters);
            Assert.Equal(expected, facts.TrainableNumel);
            Assert.Equal(expected, facts.ParameterTotal);
        }

        /// <summary>LeNet-5 (no torchvision reference): 156 + 2,416 + 48,120 + 10,164 + 850.</summary>
        [Fact]
        public void LeNet5_CountIsTheHandComputedOne()
        {
            const long expected = (6 * 1 * 25 + 6) + (16 * 6 * 25 + 16) + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
            var facts = zoo.Facts("lenet5");
            Assert.Equal(expected, Zoo.Entry("lenet5").Parameters);
            Assert.Equal(expected, facts.TrainableNumel);
            Assert.Equal(expected, facts.ParameterTotal);
        }

        /// <summary>
        /// Multiply-adds at 3x224x224 against torchvision's published GFLOPS (the "_ops" weights metadata,
        /// added in torchvision 0.15, counts multiply-adds in billions, rounded to two decimals here).
        /// </summary>
        [Theory]
        [InlineData("alexnet", 0.71)]
        [InlineData("vgg11", 7.61)]
        [InlineData("vgg11_bn", 7.61)]
        [InlineData("vgg13", 11.31)]
        [InlineData("vgg16", 15.47)]
        [InlineData("vgg19", 19.63)]
        [InlineData("resnet18", 1.81)]
        [InlineData("resnet34", 3.66)]
        [InlineData("resnet50", 4.09)]
        [InlineData("resnet101", 7.80)]
        [InlineData("resnet152", 11.51)]
        [InlineData("resnext50_32x4d", 4.23)]
        [InlineData("wide_resnet50_2", 11.40)]
        [InlineData("densenet121", 2.83)]
        [InlineData("densenet161", 7.73)]
        [InlineData("densenet169", 3.36)]
        [InlineData("densenet201", 4.29)]
        [InlineData("mobilenet_v2", 0.30)]
        public void MultiplyAdds_MatchTorchvisionGflops(string model, double gmacs)
        {
            var entry = Zoo.Entry(model);
            Assert.Equal(gmacs, Math.Round(entry.MultiplyAdds / 1e9, 2), 3);
        }
    }
}
