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
    /// Inputs are 2x3x64x64: torchvision's classifiers end in adaptive pooling, so the small input reaches
    /// the same classifier and every weight is used. BatchNorm statistics are randomised by the oracle.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class TorchvisionConformanceTests
    {
        public const double Tolerance = 1e-4;
        static readonly TensorShape Input = new TensorShape(3, 64, 64);

        readonly ITestOutputHelper output;
        public TorchvisionConformanceTests(ITestOutputHelper output) { this.output = output; }

        [OracleTheory]
        [MemberData(nameof(Zoo.TorchvisionNames), MemberType = typeof(Zoo))]
        public void TorchvisionWeights_LoadedStrictly_GiveTorchvisionsOutput(string model)
        {
            using var dir = new TempDir();
            output.WriteLine(Oracle.RunScript("forward", model, "--out", dir.Path, "--batch", "2", "--size", "64"));

            using var scope = NewDisposeScope();
            using var network = Zoo.Entry(model).Create(Input);
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
        public void NetDslWeights_LoadIntoTorchvisionStrictly_AndGiveTheSameOutput(string model)
        {
            using var dir = new TempDir();
            using var scope = NewDisposeScope();
            random.manual_seed(0);
            using var network = Zoo.Entry(model).Create(Input);
            string weights = dir.File(model + ".netdsl.safetensors"), inputFile = dir.File("input.safetensors"), outputFile = dir.File("output.safetensors");
            WeightLoader.Save(network, weights);
            var generator = new Generator(seed: 7);
            Tensor x = randn(new long[] { 2, 3, 64, 64 }, generator: generator);
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
