using System;
using System.Globalization;
using NetDsl.Shapes;
using NetDsl.Weights;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Conformance.Tests
{
    /// <summary>The oracle tests run one after another: the big models are hundreds of MB each and there are two cores.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class OracleCollection
    {
        public const string Name = "torchvision oracle";
    }

    /// <summary>
    /// The proof that the zoo computes what torchvision does: the same weights and the same input give the
    /// same eval-mode output (max |diff| ≤ 1e-4 × max(1, max |reference|)), in both directions.
    /// Inputs are 2x3xSxS with S from <see cref="SizeOf"/> (64, or 299 for inception_v3): torchvision's classifiers
    /// end in adaptive pooling, so the small input reaches the same classifier and every weight is used; the
    /// segmentation models (torchvision.models.segmentation, output "out") are fully convolutional and NetDsl's
    /// is built for SxS (<c>Create(3xSxS)</c>) so its final bilinear upsampling targets SxS, as torchvision's
    /// interpolates to the input's size. BatchNorm statistics are randomised by the oracle.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class TorchvisionConformanceTests
    {
        public const double Tolerance = 1e-4;

        /// <summary>
        /// The input side per model: small enough for CI, large enough for every layer (AlexNet needs 63). inception_v3's
        /// auxiliary head (5x5/3 pool, 5x5 convolution on Mixed_6e) is built and checked even in eval, so it takes 299.
        /// </summary>
        public static int SizeOf(string model) => model == "inception_v3" ? 299 : 64;

        static TensorShape InputOf(string model) => new TensorShape(3, SizeOf(model), SizeOf(model));

        readonly ITestOutputHelper output;
        public TorchvisionConformanceTests(ITestOutputHelper output) { this.output = output; }

        [OracleTheory]
        [MemberData(nameof(Zoo.ComparedNames), MemberType = typeof(Zoo))]
        public void TorchvisionWeights_LoadedStrictly_GiveTorchvisionsOutput(string model) => Forward(model, SizeOf(model));

        /// <summary>
        /// LR-ASPP resizes the gated high features to the low tap's size, ⌈S/8⌉ after three rounding-up stride-2 steps
        /// (torchvision reads low's shape): at 71 that is 9, not 2 · ⌈71/16⌉ = 10 or 71/8 rounded down.
        /// </summary>
        [OracleFact]
        public void LrAspp_AtASizeEightDoesNotDivide_GivesTorchvisionsOutput() => Forward("lraspp_mobilenet_v3_large", 71);

        void Forward(string model, int size)
        {
            using var dir = new TempDir();
            output.WriteLine(Oracle.RunScript("forward", model, "--out", dir.Path, "--batch", "2", "--size", size.ToString(CultureInfo.InvariantCulture)));

            using var scope = NewDisposeScope();
            using var network = Zoo.Entry(model).Create(new TensorShape(3, size, size));
            var report = WeightLoader.Load(network, dir.File(model + ".weights.safetensors"));
            Assert.True(report.Complete);
            using var input = SafeTensors.Read(dir.File(model + ".input.safetensors"));
            using var expected = SafeTensors.Read(dir.File(model + ".output.safetensors"));

            Tensor actual = Run(network, input["input"]);
            AssertClose(model, "torchvision → NetDsl", expected["output"], actual);
        }

        // resnet50 goes this way through the CLI (CliWeightsTests): export, torchvision strict load, infer.
        [OracleTheory]
        [InlineData("resnet18")]
        [InlineData("vgg11_bn")]
        [InlineData("alexnet")]
        [InlineData("googlenet")]          // aux1/aux2 included: torchvision's weights=None GoogLeNet has them
        [InlineData("shufflenet_v2_x1_0")] // channel split, shuffle after the concat
        [InlineData("inception_v3")]
        [InlineData("convnext_tiny")]
        [InlineData("regnet_y_400mf")]     // grouped 3x3s, SE on a quarter of the block input, blockS-i names      // layer scale, channels-last LayerNorm/Linear between permutes, LayerNorm2d       // AuxLogits included; rectangular 1x7/7x1 convolutions, flat branch keys
        [InlineData("efficientnet_b0")]
        [InlineData("efficientnet_v2_s")]  // FusedMBConv (expand 1 in a Sequential of one), MBConv stages, BatchNorm eps 1e-3
        [InlineData("fcn_resnet50")]
        [InlineData("deeplabv3_resnet50")]
        [InlineData("lraspp_mobilenet_v3_large")] // taps inside the backbone (backbone.4), head parts registered under classifier
        public void NetDslWeights_LoadIntoTorchvisionStrictly_AndGiveTheSameOutput(string model)
        {
            using var dir = new TempDir();
            using var scope = NewDisposeScope();
            random.manual_seed(0);
            int size = SizeOf(model);
            using var network = Zoo.Entry(model).Create(InputOf(model));
            // A layer scale of 1e-6 (ConvNeXt's initial value) would hide the block bodies under their skips.
            using (no_grad())
                foreach (var (name, parameter) in network.named_parameters())
                    if (name.EndsWith("layer_scale", StringComparison.Ordinal)) parameter.uniform_(0.25, 0.75);
            string weights = dir.File(model + ".netdsl.safetensors"), inputFile = dir.File("input.safetensors"), outputFile = dir.File("output.safetensors");
            WeightLoader.Save(network, weights);
            var generator = new Generator(seed: 7);
            Tensor x = randn(new long[] { 2, 3, size, size }, generator: generator);
            SafeTensors.Write(inputFile, new[] { ("input", x) });

            output.WriteLine(Oracle.RunScript("reverse", model, "--weights", weights, "--input", inputFile, "--output", outputFile));
            using var expected = SafeTensors.Read(outputFile);
            AssertClose(model, "NetDsl → torchvision", expected["output"], Run(network, x));
        }

        static Tensor Run(Network network, Tensor input)
        {
            network.eval();
            using (no_grad()) return network.forward(input);
        }

        void AssertClose(string model, string direction, Tensor reference, Tensor actual)
        {
            Assert.Equal(reference.shape, actual.shape);
            Assert.Equal(ScalarType.Float32, actual.dtype);
            double scale = Math.Max(1.0, reference.abs().max().item<float>());
            double worst = (actual - reference).abs().max().item<float>();
            string line = string.Format(CultureInfo.InvariantCulture,
                "{0} ({1}): worst |diff| {2:E2}, max |reference| {3:G4}, bound {4:E2}", model, direction, worst, reference.abs().max().item<float>(), Tolerance * scale);
            output.WriteLine(line);
            Assert.True(worst <= Tolerance * scale, line);
        }
    }
}
