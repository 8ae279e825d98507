using System;
using System.Linq;
using NetDsl.Onnx;
using NetDsl.Runtime.PyTorch;
using Xunit;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace NetDsl.Zoo.Tests.OnnxOps
{
    /// <summary>
    /// Every 1-D form a CxL network exports: Conv1d (reflect padding too), BatchNorm1d, max/average pools (modules and
    /// functional), a transposed Conv1d, adaptive average and max pools to a length the input does not divide, global
    /// pooling, a residual add and a concat of 1-D maps.
    /// </summary>
    [Network(Input = "3x50")]
    public partial class Signal1dNet
    {
        [Conv(8, 5, Padding = 2, PaddingMode = PaddingMode.Reflect)] Layer conv;
        [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)]        Layer bn;
        [Conv(8, 3, Padding = 1)]                                    Layer res;
        [Add(nameof(bn)), ReLU]                                      Layer sum;
        [Concat(nameof(res)), ConvTranspose(6, 2, Stride = 2)]       Layer up;
        [AvgPool(2, CeilMode = true)]                                Layer down;
        [AdaptiveAvgPool(7), AdaptiveMaxPool(4)]                     Layer adaptive;
        [Flatten, Linear(5)]                                         Layer head;
    }

    /// <summary>[Reshape] both ways: a flat vector to a CxHxW map (a decoder's head) and a map to a CxL map.</summary>
    [Network(Input = "12")]
    public partial class ReshapeNet
    {
        [Linear(4 * 3 * 3), Reshape("4x3x3")]   Layer fc;
        [Conv(6, 3, Padding = 1), Reshape("6x-1")] Layer rows;
        [Conv(2, 3), Reshape("-1")]              Layer cols;
        [Linear(4)]                              Layer head;
    }
}

namespace NetDsl.Zoo.Tests
{
    /// <summary>CxL networks and [Reshape] in ONNX Runtime 1.31 (within 1e-4 of NetDsl's eval output) and in model.py.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class OneDimensionalExportTests
    {
        [Theory]
        [InlineData(14)]
        [InlineData(17)]
        public void A_1d_network_runs_in_OnnxRuntime_and_matches(int opset)
        {
            using var scope = NewDisposeScope();
            manual_seed(21);
            using var net = new OnnxOps.Signal1dNet();
            Randomize(net);
            var (model, worst, scale) = Compare(net, randn(3, 3, 50), opset);
            Assert.True(worst <= 1e-4 * scale, $"Signal1dNet at opset {opset} differs by {worst:E2}");
            var graph = global::Onnx.ModelProto.Parser.ParseFrom(model).Graph;
            var conv = graph.Node.First(n => n.OpType == "Conv");
            Assert.Equal(new long[] { 5 }, conv.Attribute.Single(a => a.Name == "kernel_shape").Ints.ToArray());
            Assert.Equal(new long[] { 0, 0 }, conv.Attribute.Single(a => a.Name == "pads").Ints.ToArray());   // padded by Pad (reflect) first
            Assert.Equal(3, graph.Input[0].Type.TensorType.Shape.Dim.Count);                                // [batch, 3, 50]
            Assert.Equal(new long[] { 1, 1 }, graph.Node.First(n => n.OpType == "MaxPool").Attribute.Single(a => a.Name == "pads").Ints.ToArray());
        }

        [Fact]
        public void Reshape_runs_in_OnnxRuntime_with_a_free_batch_and_matches()
        {
            using var scope = NewDisposeScope();
            manual_seed(22);
            using var net = new OnnxOps.ReshapeNet();
            var (model, worst, scale) = Compare(net, randn(5, 12), 17);
            Assert.True(worst <= 1e-4 * scale, $"ReshapeNet differs by {worst:E2}");
            var reshape = global::Onnx.ModelProto.Parser.ParseFrom(model).Graph.Node.First(n => n.OpType == "Reshape");
            Assert.Equal("fc/reshape/shape", reshape.Input[1]);
        }

        [Fact]
        public void ModelPy_writes_the_1d_modules_and_the_reshapes()
        {
            string py = ModelPy(() => new OnnxOps.Signal1dNet());
            Assert.Contains("INPUT = (3, 50)", py);
            Assert.Contains("nn.Conv1d(3, 8, kernel_size=5, padding=2, padding_mode=\"reflect\")", py);
            Assert.Contains("nn.BatchNorm1d(8)", py);
            Assert.Contains("F.max_pool1d(", py);
            Assert.Contains("nn.ConvTranspose1d(16, 6, kernel_size=2, stride=2)", py);
            Assert.Contains("nn.AvgPool1d(2, stride=2, ceil_mode=True)", py);
            Assert.Contains("nn.AdaptiveAvgPool1d(7)", py);
            Assert.Contains("nn.AdaptiveMaxPool1d(4)", py);

            string reshaped = ModelPy(() => new OnnxOps.ReshapeNet());
            Assert.Contains(".reshape(", reshaped);
            Assert.Contains(".size(0), 4, 3, 3)", reshaped);
            Assert.Contains(".size(0), 6, 9)", reshaped);
        }

        /// <summary>model.py of the network <paramref name="create"/> builds, under a catalogue entry of its own.</summary>
        static string ModelPy(Func<Network> create)
        {
            using var net = create();
            var type = net.GetType();
            var entry = new ModelEntry(type.Name.ToLowerInvariant(), type.Name, net.InputShape, net.ParameterTotal, 0, create, type: type);
            return PyTorchExport.ModelPy(entry, net);
        }

        static void Randomize(Network net)
        {
            using var _ = no_grad();
            foreach (var (key, t) in net.state_dict())
            {
                if (key.EndsWith("running_mean")) t.uniform_(-0.2, 0.2);
                else if (key.EndsWith("running_var")) t.uniform_(0.5, 1.5);
            }
        }

        static (byte[] Model, double Worst, double Scale) Compare(Network net, Tensor x, int opset)
        {
            net.eval();
            Tensor expected;
            using (no_grad()) expected = net.forward(x);
            var model = OnnxExport.ToBytes(net, new OnnxExportOptions { DynamicBatch = true, Opset = opset });
            var actual = OnnxTestModels.Run(model, x);
            Assert.Equal(expected.shape, actual.Dimensions.ToArray().Select(d => (long)d).ToArray());
            double worst = expected.data<float>().ToArray().Zip(actual.ToArray(), (r, a) => (double)Math.Abs(r - a)).Max();
            return (model, worst, Math.Max(1, expected.abs().max().item<float>()));
        }
    }
}
