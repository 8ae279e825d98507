using System;
using System.Linq;
using NetDsl.Onnx;
using NetDsl.Runtime.PyTorch;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace NetDsl.Zoo.Tests.OnnxOps
{
    /// <summary>[Hardtanh] as a module and functional, [Mish] as both and as a squeeze-excite activation.</summary>
    [Network(Input = "3x6x6")]
    public partial class HardtanhMishNet
    {
        [Hardtanh(-0.5, 1.5)]                                                            Layer clamp;
        [Conv(8, 3, Padding = 1), Mish]                                                  Layer conv;
        [Mish, SqueezeExcitation(4, Act = Act.Mish)]                                     Layer se;
        [Conv(8, 1), Hardtanh]                                                           Layer unit;
        [GlobalAvgPool, Flatten, Linear(5)]                                              Layer head;
    }
}

namespace NetDsl.Zoo.Tests
{
    /// <summary>[Hardtanh] → Clip and [Mish] → x·tanh(softplus(x)) (Mish at opset 18+) in ONNX Runtime; nn.Hardtanh/nn.Mish in model.py.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class HardtanhMishExportTests
    {
        [Theory]
        [InlineData(14)]
        [InlineData(17)]
        [InlineData(18)]
        [InlineData(21)]
        public void HardtanhAndMish_RunInOnnxRuntime_AndMatch(int opset)
        {
            using var scope = NewDisposeScope();
            manual_seed(13);
            using var net = new OnnxOps.HardtanhMishNet();
            net.eval();
            using var two = 2.0.ToScalar();
            var x = randn(2, 3, 6, 6).mul(two);
            Tensor expected;
            using (no_grad()) expected = net.forward(x);
            var model = OnnxExport.ToBytes(net, new OnnxExportOptions { DynamicBatch = true, Opset = opset });
            var actual = OnnxTestModels.Run(model, x).ToArray();
            double worst = expected.data<float>().ToArray().Zip(actual, (r, a) => (double)Math.Abs(r - a)).Max();
            Assert.True(worst <= 1e-4 * Math.Max(1, expected.abs().max().item<float>()), $"HardtanhMishNet at opset {opset} differs by {worst:E2}");
            var ops = global::Onnx.ModelProto.Parser.ParseFrom(model).Graph.Node.Select(n => n.OpType).ToArray();
            Assert.Equal(2, ops.Count(o => o == "Clip"));
            Assert.Equal(opset >= 18, ops.Contains("Mish"));
            Assert.Equal(opset < 18, ops.Contains("Softplus"));
        }

        [Fact]
        public void ModelPy_WritesHardtanhAndMish()
        {
            using var net = new OnnxOps.HardtanhMishNet();
            var entry = new ModelEntry("hardtanh_mish", nameof(OnnxOps.HardtanhMishNet), net.InputShape, net.ParameterTotal, 0,
                () => new OnnxOps.HardtanhMishNet(), type: typeof(OnnxOps.HardtanhMishNet));
            string py = PyTorchExport.ModelPy(entry, net);
            Assert.Contains("nn.Hardtanh(-0.5, 1.5)", py);
            Assert.Contains("F.mish(", py);
            Assert.Contains("nn.Mish()", py);
            Assert.Contains("F.hardtanh(", py);
            Assert.Contains("\"mish\": F.mish", py);
        }
    }
}
