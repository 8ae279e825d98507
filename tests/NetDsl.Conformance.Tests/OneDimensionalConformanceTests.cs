using System;
using System.Globalization;
using System.IO;
using NetDsl.Runtime.PyTorch;
using NetDsl.Shapes;
using NetDsl.Weights;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Conformance.Tests
{
    /// <summary>A basic block over CxL maps: [Conv] and [BatchNorm] are PyTorch's Conv1d and BatchNorm1d there.</summary>
    [Block, Residual(Projection = "downsample", After = Act.ReLU)]
    public partial class BasicBlock1d(int planes, int stride = 1)
    {
        [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv1;
        [BatchNorm, ReLU]                                                             Layer bn1;
        [Conv(nameof(planes), 3, Padding = 1, Bias = false)]                          Layer conv2;
        [BatchNorm]                                                                   Layer bn2;
    }

    /// <summary>A small 1-D ResNet (tests/reference/conformance/oned_oracle.py's ResNet1d, written with torch.nn).</summary>
    [Network(Input = "2x64")]
    public partial class ResNet1d(int classes = 5)
    {
        [Conv(16, 7, Stride = 2, Padding = 3, Bias = false)]            Layer conv1;
        [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)]          Layer bn1;
        [Repeat(2, typeof(BasicBlock1d), 16)]                           Layer layer1;
        [Repeat(2, typeof(BasicBlock1d), 32, First = "stride: 2")]      Layer layer2;
        [AdaptiveAvgPool(1), Flatten]                                   Layer avgpool;
        [Linear(nameof(classes))]                                       Layer fc;
    }

    /// <summary>
    /// A CxL network against PyTorch 1.13's Conv1d/BatchNorm1d/max_pool1d/adaptive_avg_pool1d/Linear on the same weights, both
    /// ways (PyTorch's weights into NetDsl, NetDsl's into PyTorch, strict keys), and its model.py export; within
    /// 1e-4 × max(1, max |reference|), as the zoo.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class OneDimensionalConformanceTests
    {
        readonly ITestOutputHelper output;
        public OneDimensionalConformanceTests(ITestOutputHelper output) { this.output = output; }

        [OracleFact]
        public void PyTorchWeights_LoadedStrictly_GivePyTorchsOutput()
        {
            using var dir = new TempDir();
            using var scope = NewDisposeScope();
            output.WriteLine(Oracle.RunScriptFile("oned_oracle.py", "forward", "--out", dir.Path));
            using var network = new ResNet1d();
            var report = WeightLoader.Load(network, dir.File("weights.safetensors"));
            Assert.True(report.Complete);
            using var input = SafeTensors.Read(dir.File("input.safetensors"));
            using var expected = SafeTensors.Read(dir.File("output.safetensors"));
            AssertClose("PyTorch → NetDsl", expected["output"], Eval(network, input["input"]));
            using var inference = network.ForInference();
            using (no_grad()) AssertClose("PyTorch → NetDsl inference path", expected["output"], inference.forward(input["input"]));
        }

        [OracleFact]
        public void NetDslWeights_LoadIntoPyTorchStrictly_AndGiveTheSameOutput()
        {
            using var dir = new TempDir();
            using var scope = NewDisposeScope();
            using var network = Perturbed(3);
            string weights = dir.File("netdsl.safetensors"), inputFile = dir.File("input.safetensors"), outputFile = dir.File("output.safetensors");
            WeightLoader.Save(network, weights);
            var x = randn(new long[] { 2, 2, 64 }, generator: new Generator(seed: 9));
            SafeTensors.Write(inputFile, new[] { ("input", x) });
            output.WriteLine(Oracle.RunScriptFile("oned_oracle.py", "reverse", "--weights", weights, "--input", inputFile, "--output", outputFile));
            using var expected = SafeTensors.Read(outputFile);
            AssertClose("NetDsl → PyTorch", expected["output"], Eval(network, x));
        }

        [OracleFact]
        public void ModelPy_WritesTheTorch1dModules_AndGivesNetDslsEvalOutput()
        {
            using var dir = new TempDir();
            using var scope = NewDisposeScope();
            using var network = Perturbed(4);
            var entry = new ModelEntry("resnet1d", nameof(ResNet1d), network.InputShape, network.ParameterTotal, network.MultiplyAddTotal,
                () => new ResNet1d(), type: typeof(ResNet1d));
            PyTorchExport.Write(entry, network, dir.Path);
            string py = File.ReadAllText(dir.File("model.py"));
            Assert.Contains("INPUT = (2, 64)", py);
            Assert.Contains("nn.Conv1d(2, 16, kernel_size=7, stride=2, padding=3, bias=False)", py);
            Assert.Contains("nn.BatchNorm1d(", py);
            Assert.Contains("F.max_pool1d(", py);
            Assert.Contains("nn.AdaptiveAvgPool1d(1)", py);
            var x = randn(new long[] { 2, 2, 64 }, generator: new Generator(seed: 5));
            SafeTensors.Write(dir.File("input.safetensors"), new[] { ("input", x) });
            SafeTensors.Write(dir.File("output.safetensors"), new[] { ("output", Eval(network, x)) });
            using var checker = new ExportChecker();
            string verdict = checker.Check(dir.Path);
            output.WriteLine(verdict);
            Assert.StartsWith("ok ", verdict);
        }

        /// <summary>A ResNet1d seeded with <paramref name="seed"/>, its BatchNorm statistics away from 0 and 1 so no norm is an identity.</summary>
        static ResNet1d Perturbed(int seed)
        {
            random.manual_seed(seed);
            var network = new ResNet1d();
            PyTorchExportTests.Perturb(network);
            return network;
        }

        static Tensor Eval(Network network, Tensor x)
        {
            network.eval();
            using (no_grad()) return network.forward(x);
        }

        void AssertClose(string direction, Tensor reference, Tensor actual)
        {
            Assert.Equal(reference.shape, actual.shape);
            double scale = Math.Max(1.0, reference.abs().max().item<float>());
            double worst = (actual - reference).abs().max().item<float>();
            string line = string.Format(CultureInfo.InvariantCulture, "ResNet1d ({0}): worst |diff| {1:E2}, max |reference| {2:G4}", direction, worst, reference.abs().max().item<float>());
            output.WriteLine(line);
            Assert.True(worst <= TorchvisionConformanceTests.Tolerance * scale, line);
        }
    }
}
