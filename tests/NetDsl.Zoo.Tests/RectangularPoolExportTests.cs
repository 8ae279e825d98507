using System;
using System.Linq;
using NetDsl.Onnx;
using NetDsl.Runtime.PyTorch;
using Xunit;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace NetDsl.Zoo.Tests.OnnxOps
{
    /// <summary>Rectangular max and average pools (modules and functional, padded, ceil mode): kernel_shape/strides/pads per axis.</summary>
    [Network(Input = "3x9x12")]
    public partial class RectangularPoolNet
    {
        [MaxPool(3, KernelW = 1, Stride = 2, Padding = 1, PaddingW = 0)]                  Layer rows;
        [Conv(6, 3, Padding = 1), AvgPool(1, KernelW = 3, PaddingW = 1, StrideW = 1)]     Layer cols;
        [AvgPool(2, KernelW = 3, CeilMode = true)]                                        Layer coarse;
        [Conv(4, 1), MaxPool(2, KernelW = 1, Stride = 1)]                                 Layer tall;
        [Flatten, Linear(5)]                                                               Layer head;
    }
}

namespace NetDsl.Zoo.Tests
{
    /// <summary>[MaxPool]/[AvgPool] with KernelW/StrideW/PaddingW: ONNX pools with per-axis attributes, PyTorch tuples.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class RectangularPoolExportTests
    {
        [Theory]
        [InlineData(14)]
        [InlineData(17)]
        public void RectangularPools_RunInOnnxRuntime_AndMatch(int opset)
        {
            using var scope = NewDisposeScope();
            manual_seed(14);
            using var net = new OnnxOps.RectangularPoolNet();
            net.eval();
            var x = randn(2, 3, 9, 12);
            Tensor expected;
            using (no_grad()) expected = net.forward(x);
            var model = OnnxExport.ToBytes(net, new OnnxExportOptions { DynamicBatch = true, Opset = opset });
            var actual = OnnxTestModels.Run(model, x).ToArray();
            double worst = expected.data<float>().ToArray().Zip(actual, (r, a) => (double)Math.Abs(r - a)).Max();
            Assert.True(worst <= 1e-4 * Math.Max(1, expected.abs().max().item<float>()), $"RectangularPoolNet at opset {opset} differs by {worst:E2}");
            var first = global::Onnx.ModelProto.Parser.ParseFrom(model).Graph.Node.First(n => n.OpType == "MaxPool");
            Assert.Equal(new long[] { 3, 1 }, first.Attribute.Single(a => a.Name == "kernel_shape").Ints.ToArray());
            Assert.Equal(new long[] { 1, 0, 1, 0 }, first.Attribute.Single(a => a.Name == "pads").Ints.ToArray());
        }

        [Fact]
        public void ModelPy_WritesBothAxes()
        {
            using var net = new OnnxOps.RectangularPoolNet();
            var entry = new ModelEntry("rect_pools", nameof(OnnxOps.RectangularPoolNet), net.InputShape, net.ParameterTotal, 0,
                () => new OnnxOps.RectangularPoolNet(), type: typeof(OnnxOps.RectangularPoolNet));
            string py = PyTorchExport.ModelPy(entry, net);
            Assert.Contains("nn.MaxPool2d(kernel_size=(3, 1), stride=(2, 2), padding=(1, 0))", py);
            Assert.Contains("F.avg_pool2d(", py);
            Assert.Contains("kernel_size=(1, 3), stride=(1, 1), padding=(0, 1))", py);
            Assert.Contains("nn.AvgPool2d(kernel_size=(2, 3), stride=(2, 3), padding=(0, 0), ceil_mode=True)", py);
            Assert.Contains("kernel_size=(2, 1), stride=(1, 1), padding=(0, 0))", py);
        }
    }
}
