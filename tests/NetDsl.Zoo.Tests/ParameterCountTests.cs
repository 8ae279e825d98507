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
        /// Independent counts agree for every model: the table's expected count (its source is in
        /// <see cref="Zoo.Table"/>), the generator's compile-time count, and the built TorchSharp module's
        /// (trainable numel and the summary's total). For the torchvision models the table's number is also the
        /// committed torchvision 0.14.1 reference (tests/reference/torchvision/&lt;model&gt;.json, written by
        /// tests/reference/torchvision_reference.py as sum(p.numel() for p in torchvision.models.&lt;model&gt;(weights=None)
        /// .parameters()), which equals the "num_params" of torchvision 0.14's weights metadata (e.g.
        /// ResNet18_Weights.IMAGENET1K_V1.meta["num_params"] = 11,689,512; EfficientNet_B0: 5,288,548) except where
        /// the published checkpoints drop or add auxiliary heads (googlenet, fcn_resnet50, deeplabv3_resnet50).
        /// </summary>
        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void CompileTimeCount_EqualsTheTable_EqualsBuiltModule(string model)
        {
            var row = Zoo.Row(model);
            var entry = Zoo.Entry(model);
            var facts = zoo.Facts(model);

            if (row.IsTorchvision) Assert.Equal(Reference.Load(model).NumParams, row.Parameters);
            Assert.Equal(row.Parameters, entry.Parameters);
            Assert.Equal(row.Parameters, facts.TrainableNumel);
            Assert.Equal(0, facts.FrozenParameterTensors);
            Assert.Equal(row.Parameters, facts.ParameterTotal);
        }

        /// <summary>Well-known torchvision facts, independent of the JSON files.</summary>
        [Theory]
        [InlineData("alexnet", 61_100_840L)]
        [InlineData("vgg16", 138_357_544L)]
        [InlineData("vgg19_bn", 143_678_248L)]
        [InlineData("resnet18", 11_689_512L)]
        [InlineData("resnet50", 25_557_032L)]
        [InlineData("resnet152", 60_192_808L)]
        [InlineData("efficientnet_b0", 5_288_548L)]   // EfficientNet_B0_Weights.IMAGENET1K_V1
        [InlineData("efficientnet_b7", 66_347_960L)]  // EfficientNet_B7_Weights.IMAGENET1K_V1
        [InlineData("efficientnet_v2_s", 21_458_488L)]   // EfficientNet_V2_S_Weights.IMAGENET1K_V1
        [InlineData("efficientnet_v2_l", 118_515_272L)]  // EfficientNet_V2_L_Weights.IMAGENET1K_V1
        public void ReferenceFiles_HoldTorchvisionsPublishedCounts(string model, long numParams)
        {
            Assert.Equal(numParams, Reference.Load(model).NumParams);
            Assert.Equal(numParams, Zoo.Entry(model).Parameters);
        }

        /// <summary>
        /// Multiply-adds at 3x224x224 against torchvision's published GFLOPS (the "_ops" weights metadata,
        /// added in torchvision 0.15, counts multiply-adds in billions, rounded to two decimals here). EfficientNetV2's
        /// are at its declared input, torchvision's evaluation size (384 for S, 480 for M and L), as its metadata's are.
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
        [InlineData("efficientnet_v2_s", 8.37)]
        [InlineData("efficientnet_v2_m", 24.58)]
        [InlineData("efficientnet_v2_l", 56.08)]
        public void MultiplyAdds_MatchTorchvisionGflops(string model, double gmacs)
        {
            var entry = Zoo.Entry(model);
            Assert.Equal(gmacs, Math.Round(entry.MultiplyAdds / 1e9, 2), 3);
        }
    }
}
