using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using NetDsl.Weights;
using NetDsl.Weights.PyTorch;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Conformance.Tests
{
    /// <summary>
    /// PyTorch <c>.pth</c> files written by Debian's torch 1.13 (<c>torch.save(model.state_dict())</c>, through
    /// tests/reference/conformance/pth_oracle.py): read without executing pickled code, values equal to the same
    /// tensors as safetensors, strict keys, and fine-tuning with a re-initialised head and a frozen backbone.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class PyTorchWeightsTests : IDisposable
    {
        readonly TempDir dir = new TempDir();
        readonly ITestOutputHelper log;
        public PyTorchWeightsTests(ITestOutputHelper log) { this.log = log; }
        public void Dispose() => dir.Dispose();

        string StateDict(string model)
        {
            log.WriteLine(Oracle.RunScriptFile("pth_oracle.py", "state-dict", model, "--out", dir.Path));
            return dir.File(model + ".pth");
        }

        [OracleFact]
        public void ResNet18Pth_ReadsTheSameTensorsAsSafetensors_AndLoadsStrictly()
        {
            string pth = StateDict("resnet18");
            using var read = WeightFile.Read(pth);
            using var reference = SafeTensors.Read(dir.File("resnet18.safetensors"));
            Assert.Equal("pytorch", read.Format);
            Assert.Equal(reference.Keys.ToList(), read.Tensors.Keys.ToList());
            foreach (var (key, expected) in reference)
            {
                Assert.Equal(expected.dtype, read.Tensors[key].dtype);
                Assert.True(TestTensors.Same(expected, read.Tensors[key]), $"{key} differs");
            }

            using var network = Zoo.Entry("resnet18").Create();
            var report = WeightLoader.Load(network, pth, strict: true);
            Assert.Equal(reference.Count, report.Loaded.Count);
            using var bn = network.state_dict()["layer2.1.bn2.running_var"];
            Assert.True(TestTensors.Same(reference["layer2.1.bn2.running_var"], bn));
        }

        [OracleFact]
        public void OddTensors_NestedInACheckpointDict_MatchTorch()
        {
            log.WriteLine(Oracle.RunScriptFile("pth_oracle.py", "odd", "--out", dir.Path));
            var read = PyTorchStateDict.Read(dir.File("odd.pth"));
            using var reference = SafeTensors.Read(dir.File("odd.safetensors"));
            Assert.Equal(reference.Keys.ToList(), read.Keys.ToList());
            foreach (var (key, expected) in reference)
            {
                Assert.Equal(expected.dtype, read[key].dtype);
                Assert.True(TestTensors.Same(expected, read[key]), $"{key} differs");
                Assert.True(read[key].is_contiguous(), $"{key} is a view");
            }
            Assert.Equal(new long[] { 4, 6 }, read["transposed"].shape);
            Assert.Equal(1L << 40, read["long"][1, 1].item<long>());
            foreach (var t in read.Values) t.Dispose();
        }

        [OracleFact]
        public void PickledCode_IsRefusedByName_AndNeverRuns()
        {
            string marker = dir.File("pwned");
            log.WriteLine(Oracle.RunScriptFile("pth_oracle.py", "evil", "--out", dir.Path, "--marker", marker));
            var e = Assert.Throws<InvalidDataException>(() => WeightFile.Read(dir.File("evil.pth")));
            log.WriteLine(e.Message);
            Assert.Contains("evil.pth", e.Message);
            Assert.Contains("'posix.system'", e.Message);
            Assert.Contains("not allowed", e.Message);
            Assert.False(File.Exists(marker));
        }

        [OracleFact]
        public void WrongArchitecture_NamesMissingAndUnexpectedKeys()
        {
            string pth = StateDict("resnet34");
            using var network = Zoo.Entry("resnet18").Create();
            var strict = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(network, pth, strict: true));
            Assert.Contains("unexpected keys", strict.Message);
            Assert.Contains("layer1.2.conv1.weight", strict.Message);
            var fineTune = Assert.Throws<InvalidDataException>(() => FineTuning.LoadBackbone(network, pth));
            Assert.Contains("resnet34.pth: keys do not match", fineTune.Message);
            Assert.Contains("layer3.5.bn2.weight", fineTune.Message);
        }

        [OracleFact]
        public void FineTune_KeepsTheBackbone_ReinitialisesTheHead_AndFreezeLeavesTheBackboneAfterAStep()
        {
            string pth = StateDict("resnet18");
            using var reference = SafeTensors.Read(dir.File("resnet18.safetensors"));
            using var network = Zoo.Entry("resnet18").CreateWithClasses(10, new TensorShape(3, 32, 32));
            Assert.Equal(TensorShape.Vector(10), network.OutputShape);
            var report = FineTuning.LoadBackbone(network, pth, freeze: true);
            log.WriteLine(report.Describe());
            Assert.Equal(new[] { "fc.weight", "fc.bias" }, report.Reinitialised.Select(m => m.Key));
            Assert.Equal(new long[] { 1000, 512 }, report.Reinitialised[0].FileShape);
            Assert.Equal(reference.Count - 2, report.Loaded.Count);
            Assert.Equal(network.parameters().Count() - 2, report.Frozen.Count);
            Assert.Contains("fc.weight [1000, 512] → [10, 512]", report.Describe());

            var before = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
            Assert.True(TestTensors.Same(reference["layer4.1.conv2.weight"], before["layer4.1.conv2.weight"]));
            using var optimizer = new TrainerOptions { LearningRate = 0.1 }.CreateOptimizer(network);
            network.train();
            using (var scope = NewDisposeScope())
            {
                var x = randn(new long[] { 4, 3, 32, 32 }, generator: new Generator(seed: 1));
                var loss = nn.functional.cross_entropy(network.call(x), tensor(new long[] { 0, 1, 2, 3 }));
                loss.backward();
                optimizer.Step();
            }
            foreach (var (name, parameter) in network.named_parameters())
                if (name.StartsWith("fc.", StringComparison.Ordinal))
                    Assert.False(TestTensors.Same(before[name], parameter), $"{name} did not train");
                else
                    Assert.True(TestTensors.Same(before[name], parameter), $"frozen {name} changed");
        }

        [OracleFact]
        public void CliTrain_FromPth_WithClassesAndFreeze_SaysWhichKeysItReinitialised()
        {
            string pth = StateDict("resnet18");
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(new[] { "train", "resnet18", "--weights", pth, "--classes", "6", "--freeze", "--input", "3x16x16",
                "--epochs", "1", "--batch", "128", "--out", dir.File("run") }, Zoo.All, new CliConsole(output, error, interactive: false));
            log.WriteLine(output.ToString());
            Assert.True(code == 0, error.ToString());
            Assert.Contains("re-initialised 2 whose shape differs: fc.weight [1000, 512] → [6, 512], fc.bias [1000] → [6]", output.ToString());
            Assert.Contains("froze 60 backbone parameters", output.ToString());
        }
    }
}
