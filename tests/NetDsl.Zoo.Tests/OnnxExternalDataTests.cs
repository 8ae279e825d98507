using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using NetDsl.Onnx;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// ONNX external data (what a model over 2 GiB, regnet_y_128gf, needs), forced on resnet18: the weights go to
    /// <c>MODEL.onnx.data</c> with <c>location</c>/<c>offset</c>/<c>length</c> entries as onnx's save_as_external_data writes
    /// them, ONNX Runtime loads the pair from disk and matches the eval forward, python3-onnx's <c>onnx.load</c> reads the same
    /// numbers back and its checker accepts the model; <c>export --external-data</c> writes it through the CLI.
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class OnnxExternalDataTests : IDisposable
    {
        readonly string dir = Path.Combine(Path.GetTempPath(), "netdsl-onnx-external-" + Guid.NewGuid().ToString("N"));
        readonly ITestOutputHelper log;
        public OnnxExternalDataTests(ITestOutputHelper log) { this.log = log; Directory.CreateDirectory(dir); }
        public void Dispose() => Directory.Delete(dir, true);

        static readonly OnnxExportOptions External = new OnnxExportOptions { DynamicBatch = true, ExternalData = true };

        [Fact]
        public void ForcedExternalData_PutsTheWeightsBesideTheModel_AndOnnxRuntimeLoadsThePair()
        {
            using var scope = NewDisposeScope();
            using var net = Resnet18(31, External, out string path, out string? data);
            Assert.Equal(path + ".data", data);
            long modelBytes = new FileInfo(path).Length, dataBytes = new FileInfo(data!).Length;
            log.WriteLine($"resnet18: model {modelBytes:N0} bytes, external data {dataBytes:N0} bytes");
            Assert.True(modelBytes < 100_000, $"the model file holds {modelBytes:N0} bytes: the weights were written inline");

            // Each initializer of 1 KiB or more is external: location, offset, length; large ones 64 KiB-aligned; no overlaps.
            var model = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            var state = net.state_dict();
            var ranges = new List<(long Offset, long Length)>();
            foreach (var t in model.Graph.Initializer)
            {
                long length = t.Dims.Aggregate(1L, (a, d) => a * d) * (t.DataType == (int)global::Onnx.TensorProto.Types.DataType.Int64 ? 8 : 4);
                if (length < OnnxExternalData.Threshold)
                {
                    Assert.Equal(global::Onnx.TensorProto.Types.DataLocation.Default, t.DataLocation);
                    Assert.Equal(length, t.RawData.Length);
                    continue;
                }
                Assert.Equal(global::Onnx.TensorProto.Types.DataLocation.External, t.DataLocation);
                Assert.True(t.RawData.IsEmpty, $"{t.Name}: raw data kept inline as well");
                var entries = t.ExternalData.ToDictionary(e => e.Key, e => e.Value);
                Assert.Equal(new[] { "length", "location", "offset" }, entries.Keys.OrderBy(k => k, StringComparer.Ordinal));
                Assert.Equal("resnet18.onnx.data", entries["location"]);
                long offset = long.Parse(entries["offset"]);
                Assert.Equal(length, long.Parse(entries["length"]));
                if (length >= 1 << 20) Assert.Equal(0, offset % (64 << 10));
                ranges.Add((offset, length));
                if (state.TryGetValue(t.Name, out var weight))   // the bytes there are the weight's
                {
                    var bytes = new byte[length];
                    using (var f = File.OpenRead(data!)) { f.Seek(offset, SeekOrigin.Begin); f.ReadExactly(bytes); }
                    Assert.True(weight.contiguous().bytes.SequenceEqual(bytes), $"{t.Name}: the external bytes are not the weight's");
                }
            }
            Assert.True(ranges.Count > 50, $"only {ranges.Count} tensors went external");
            ranges.Sort();
            for (int i = 1; i < ranges.Count; i++) Assert.True(ranges[i - 1].Offset + ranges[i - 1].Length <= ranges[i].Offset, "external ranges overlap");
            Assert.True(ranges[^1].Offset + ranges[^1].Length == dataBytes, "the data file ends after its last tensor");

            // ONNX Runtime finds the side file from the model's folder.
            var x = randn(Zoo.Batch(2, Zoo.SmallInput("resnet18")));
            double worst = OnnxTestModels.AssertMatches("resnet18 with external data", net, x, OnnxTestModels.Run(path, x));
            log.WriteLine($"resnet18 with external data: max |onnx − netdsl| = {worst:E2}");
        }

        /// <summary>resnet18 (perturbed statistics, seeded) saved to <c>dir/resnet18.onnx</c> with <paramref name="options"/>.</summary>
        Network Resnet18(int seed, OnnxExportOptions options, out string path, out string? data)
        {
            manual_seed(seed);
            var net = OnnxTestModels.Create("resnet18", Zoo.SmallInput("resnet18"));
            path = Path.Combine(dir, "resnet18.onnx");
            OnnxExport.Save(net, path, options, out data);
            return net;
        }

        [Fact]
        public void ExternalData_NeedsAFile_SoToBytesRefusesIt_AndInlineIsTheDefault()
        {
            using var scope = NewDisposeScope();
            using var net = OnnxTestModels.Create("lenet5", Zoo.SmallInput("lenet5"));
            var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(net, External));
            Assert.Contains("use OnnxExport.Save", e.Message);

            string path = Path.Combine(dir, "lenet5.onnx");
            OnnxExport.Save(net, path, new OnnxExportOptions(), out string? data);
            Assert.Null(data);
            Assert.False(File.Exists(path + ".data"));
            Assert.All(global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer,
                t => Assert.Equal(global::Onnx.TensorProto.Types.DataLocation.Default, t.DataLocation));
        }

        [Fact]
        public void ReExportWithExternalData_ThatFails_LeavesTheOldPairWhole_AndOneThatSucceedsReplacesBoth()
        {
            using var scope = NewDisposeScope();
            string path = Path.Combine(dir, "m.onnx"), data = OnnxExport.ExternalDataPath(path);
            manual_seed(1);
            using (var first = OnnxTestModels.Create("lenet5", Zoo.SmallInput("lenet5"))) OnnxExport.Save(first, path, External);
            byte[] oldModel = File.ReadAllBytes(path), oldData = File.ReadAllBytes(data);

            // The model file fails to write (as on a full disk) after the new weights are written: nothing may change.
            manual_seed(2);
            using var second = OnnxTestModels.Create("lenet5", Zoo.SmallInput("lenet5"));
            NetDsl.Files.ReplacingFiles.Staging.Value = target =>
            {
                if (target == path) throw new IOException("No space left on device");
            };
            try { Assert.Throws<IOException>(() => OnnxExport.Save(second, path, External)); }
            finally { NetDsl.Files.ReplacingFiles.Staging.Value = null; }
            Assert.Equal(oldModel, File.ReadAllBytes(path));
            Assert.Equal(oldData, File.ReadAllBytes(data));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));

            OnnxExport.Save(second, path, External);
            Assert.NotEqual(oldData, File.ReadAllBytes(data));
            Assert.Equal(new[] { "m.onnx", "m.onnx.data" }, Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            var x = randn(Zoo.Batch(2, Zoo.SmallInput("lenet5")));
            OnnxTestModels.AssertMatches("lenet5 re-exported with external data", second, x, OnnxTestModels.Run(path, x));
        }

        const string Reader = @"
import sys, onnx
from onnx import numpy_helper, checker
path, name = sys.argv[1], sys.argv[2]
bare = onnx.load(path, load_external_data=False)
external = [t.name for t in bare.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
model = onnx.load(path)
checker.check_model(model, full_check=True)
weight = next(t for t in model.graph.initializer if t.name == name)
values = numpy_helper.to_array(weight)
print(len(external), ' '.join(repr(float(v)) for v in values.reshape(-1)[:5]))
";

        [OnnxCheckerFact]
        public void Python3Onnx_LoadsTheExternalData_AndItsCheckerAcceptsTheModel()
        {
            using var scope = NewDisposeScope();
            using var net = Resnet18(32, External with { DynamicBatch = false }, out string path, out _);
            var (code, output) = OnnxChecker.Run("-c", Reader, path, "layer4.1.conv2.weight");
            Assert.True(code == 0, $"onnx.load or its checker failed:\n{output}");
            log.WriteLine(output.Trim());
            var parts = output.Trim().Split(' ');
            Assert.True(int.Parse(parts[0]) > 50, $"python3-onnx saw only {parts[0]} external tensors");
            var first = net.state_dict()["layer4.1.conv2.weight"].flatten().data<float>().ToArray().Take(5);
            Assert.Equal(first.Select(v => (double)v), parts.Skip(1).Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void CliExport_WithExternalData_WritesBothFiles_AndSaysSo()
        {
            string path = Path.Combine(dir, "mobilenet.onnx");
            var (code, output, error) = CliOnnxExportTests.Run("export", "mobilenet_v3_small", "--format", "onnx", "--out", path, "--external-data");
            Assert.True(code == 0, error);
            Assert.Contains($"(weights as external data in {path}.data, ", output);
            Assert.True(new FileInfo(path + ".data").Length > 4_000_000);
            using var session = new InferenceSession(path);
            Assert.Equal(new[] { 1, 3, 224, 224 }, session.InputMetadata["input"].Dimensions);
        }
    }
}
