using System;
using System.Linq;
using NetDsl.Onnx;
using NetDsl.Runtime.PyTorch;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace NetDsl.Zoo.Tests.OnnxOps
{
    /// <summary>Reflect, replicate (with a wider width padding) and zero padding: ONNX Pad's reflect and edge modes.</summary>
    [Network(Input = "3x12x10")]
    public partial class PaddingModesNet
    {
        [Conv(8, 3, Padding = 1, PaddingMode = PaddingMode.Reflect), ReLU]                          Layer reflect;
        [Conv(8, 3, Padding = 1, PaddingW = 2, Stride = 2, PaddingMode = PaddingMode.Replicate)]     Layer replicate;
        [Conv(4, 3, Padding = 1, Bias = false), GlobalAvgPool, Flatten, Linear(5)]                  Layer head;
    }

    /// <summary>Circular padding: ONNX Pad's wrap mode, opset 19 and later.</summary>
    [Network(Input = "3x9x9")]
    public partial class CircularPaddingNet
    {
        [Conv(6, 3, Padding = 1, PaddingMode = PaddingMode.Circular), ReLU]                         Layer circ;
        [Conv(4, 3, Padding = 2, Dilation = 2, PaddingMode = PaddingMode.Circular, Bias = false)]   Layer dilated;
    }
}

namespace NetDsl.Zoo.Tests
{
    /// <summary>[Conv(…, PaddingMode = …)] exported: ONNX Pad (reflect, edge, wrap) before an unpadded Conv, and PyTorch's padding_mode.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class PaddingModeExportTests
    {
        static double Worst(Network net, Tensor x, OnnxExportOptions options, out byte[] model)
        {
            net.eval();
            Tensor expected;
            using (no_grad()) expected = net.forward(x);
            model = OnnxExport.ToBytes(net, options);
            var actual = OnnxTestModels.Run(model, x).ToArray();
            double worst = expected.data<float>().ToArray().Zip(actual, (r, a) => (double)Math.Abs(r - a)).Max();
            return worst / Math.Max(1, expected.abs().max().item<float>());
        }

        [Theory]
        [InlineData(14)]
        [InlineData(17)]
        [InlineData(21)]
        public void ReflectAndReplicate_RunInOnnxRuntime_AndMatch(int opset)
        {
            using var scope = NewDisposeScope();
            manual_seed(11);
            using var net = new OnnxOps.PaddingModesNet();
            double worst = Worst(net, randn(2, 3, 12, 10), new OnnxExportOptions { DynamicBatch = true, Opset = opset }, out var model);
            Assert.True(worst <= 1e-4, $"PaddingModesNet at opset {opset} differs by {worst:E2} (relative)");
            var graph = global::Onnx.ModelProto.Parser.ParseFrom(model).Graph;
            var pads = graph.Node.Where(n => n.OpType == "Pad").Select(n => n.Attribute.Single(a => a.Name == "mode").S.ToStringUtf8()).ToArray();
            Assert.Equal(new[] { "reflect", "edge" }, pads);
        }

        [Fact]
        public void Circular_IsWrapAtOpset19_AndRefusedBelowItNamingTheLayer()
        {
            using var scope = NewDisposeScope();
            manual_seed(12);
            using var net = new OnnxOps.CircularPaddingNet();
            double worst = Worst(net, randn(2, 3, 9, 9), new OnnxExportOptions { DynamicBatch = true }, out var model);
            Assert.True(worst <= 1e-4, $"CircularPaddingNet differs by {worst:E2} (relative)");
            Assert.Equal(19, global::Onnx.ModelProto.Parser.ParseFrom(model).OpsetImport.Single(o => o.Domain == "").Version);
            var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(net, new OnnxExportOptions { Opset = 17 }));
            Assert.Contains("circ", e.Message, StringComparison.Ordinal);
            Assert.Contains("opset 19", e.Message);
        }

        [Fact]
        public void ModelPy_WritesPaddingMode()
        {
            using var net = new OnnxOps.PaddingModesNet();
            var entry = new ModelEntry("padding_modes", nameof(OnnxOps.PaddingModesNet), net.InputShape, net.ParameterTotal, 0,
                () => new OnnxOps.PaddingModesNet(), type: typeof(OnnxOps.PaddingModesNet));
            string py = PyTorchExport.ModelPy(entry, net);
            Assert.Contains("nn.Conv2d(3, 8, kernel_size=3, padding=1, padding_mode=\"reflect\")", py);
            Assert.Contains("nn.Conv2d(8, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 2), dilation=(1, 1), padding_mode=\"replicate\")", py);
            Assert.Contains("nn.Conv2d(8, 4, kernel_size=3, padding=1, bias=False)", py);
            using var circular = new OnnxOps.CircularPaddingNet();
            entry = new ModelEntry("circular", nameof(OnnxOps.CircularPaddingNet), circular.InputShape, circular.ParameterTotal, 0,
                () => new OnnxOps.CircularPaddingNet(), type: typeof(OnnxOps.CircularPaddingNet));
            Assert.Contains("padding_mode=\"circular\"", PyTorchExport.ModelPy(entry, circular));
        }
    }
}
