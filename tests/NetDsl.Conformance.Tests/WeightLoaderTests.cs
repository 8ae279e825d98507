using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Weights;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Conformance.Tests
{
    public sealed class WeightLoaderTests : System.IDisposable
    {
        static readonly TorchSharp.Scalar Three = 3.0.ToScalar();

        readonly TempDir dir = new TempDir();
        public void Dispose() => dir.Dispose();

        static Network LeNet(int seed)
        {
            random.manual_seed(seed);
            return Zoo.Entry("lenet5").Create();
        }

        [Fact]
        public void SaveThenLoad_CopiesEveryTensor_InPyTorchOrder()
        {
            using var scope = NewDisposeScope();
            using var a = LeNet(1);
            using var b = LeNet(2);
            string path = dir.File("lenet5.safetensors");
            WeightLoader.Save(a, path);

            using (var file = SafeTensors.Read(path))
                Assert.Equal(StateDictOrder.Entries(a).Select(e => e.Key), file.Keys);
            var report = WeightLoader.Load(b, path);
            Assert.True(report.Complete);
            Assert.Equal(10, report.Loaded.Count);
            foreach (var ((key, x), (_, y)) in StateDictOrder.Entries(a).Zip(StateDictOrder.Entries(b)))
                Assert.True(TestTensors.Same(x, y), key);
            Assert.All(b.parameters(), p => Assert.True(p.requires_grad));
        }

        [Fact]
        public void Strict_ReportsEveryMissingUnexpectedAndMisShapedKey_InOneError_AndChangesNothing()
        {
            using var scope = NewDisposeScope();
            using var model = LeNet(1);
            var weights = StateDictOrder.Entries(model).ToDictionary(e => e.Key, e => e.Value.detach().clone());
            weights.Remove("fc3.weight");
            weights.Remove("conv1.bias");
            weights["head.weight"] = zeros(3);
            weights["extra.bias"] = zeros(3);
            weights["fc2.weight"] = zeros(7, 120);
            weights["conv2.weight"] = ones(16, 6, 5, 5).mul_(Three);
            var before = StateDictOrder.Entries(model).Select(e => e.Value.detach().clone()).ToList();

            var e = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(model, weights, strict: true, source: "w.safetensors"));
            Assert.StartsWith("w.safetensors:", e.Message);
            foreach (string key in new[] { "fc3.weight", "conv1.bias", "head.weight", "extra.bias", "fc2.weight" }) Assert.Contains(key, e.Message);
            Assert.Contains("missing keys (2)", e.Message);
            Assert.Contains("unexpected keys (2)", e.Message);
            Assert.Contains("fc2.weight (file [7, 120], model [84, 120])", e.Message);
            // Nothing was copied, not even the entries that fit.
            foreach (var ((key, now), then) in StateDictOrder.Entries(model).Zip(before))
                Assert.True(TestTensors.Same(now, then), key);
        }

        [Fact]
        public void NonStrict_LoadsWhatFits_AndReportsTheRest()
        {
            using var scope = NewDisposeScope();
            using var source = LeNet(1);
            using var model = LeNet(2);
            var weights = StateDictOrder.Entries(source).ToDictionary(e => e.Key, e => e.Value.detach().clone());
            weights["fc3.weight"] = zeros(5, 84);   // a different head
            weights["fc3.bias"] = zeros(5);
            weights.Remove("fc1.bias");
            weights["aux.weight"] = zeros(1);
            Tensor headBefore = model.get_parameter("fc3.weight")!.detach().clone();

            var report = WeightLoader.Load(model, weights, strict: false);
            Assert.False(report.Complete);
            Assert.Equal(new[] { "fc1.bias" }, report.Missing);
            Assert.Equal(new[] { "aux.weight" }, report.Unexpected);
            Assert.Equal(new[] { "fc3.weight", "fc3.bias" }, report.ShapeMismatches.Select(m => m.Key));
            Assert.Equal(7, report.Loaded.Count);
            Assert.True(TestTensors.Same(model.get_parameter("conv1.weight")!, weights["conv1.weight"]));
            Assert.True(TestTensors.Same(model.get_parameter("fc3.weight")!, headBefore));
        }

        [Fact]
        public void Load_KeepsTheModelsDType_AndInt64Buffers()
        {
            using var scope = NewDisposeScope();
            random.manual_seed(0);
            using var model = Zoo.Entry("resnet18").Create(new NetDsl.Shapes.TensorShape(3, 64, 64));
            var weights = StateDictOrder.Entries(model).ToDictionary(e => e.Key, e => e.Value.detach().to_type(e.Value.dtype == ScalarType.Int64 ? ScalarType.Int64 : ScalarType.Float64).clone());
            weights["bn1.num_batches_tracked"] = tensor(42L);
            WeightLoader.Load(model, weights);
            var state = StateDictOrder.Entries(model).ToDictionary(e => e.Key, e => e.Value);
            Assert.Equal(ScalarType.Float32, state["conv1.weight"].dtype);
            Assert.Equal(ScalarType.Int64, state["bn1.num_batches_tracked"].dtype);
            Assert.Equal(42L, state["bn1.num_batches_tracked"].item<long>());
        }

        [Fact]
        public void Load_FromACorruptFile_NamesTheFile()
        {
            using var scope = NewDisposeScope();
            using var model = LeNet(1);
            string path = dir.File("bad.safetensors");
            File.WriteAllBytes(path, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
            var e = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(model, path));
            Assert.Contains(path, e.Message);
        }
    }
}
