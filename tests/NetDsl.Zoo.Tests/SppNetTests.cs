extern alias zoo;

using System.Linq;
using NetDsl.Shapes;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// SPP-net's point (He et al., 2014): the spatial pyramid gives the classifier 256·21 features at any input size, so one
    /// network takes several sizes and trains on them in one run (the paper's multi-size training alternates 180 and 224).
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class SppNetTests
    {
        readonly ITestOutputHelper log;
        public SppNetTests(ITestOutputHelper log) { this.log = log; }

        [Fact]
        public void OneSppnet_TakesTwoInputSizes_AndItsLossFallsAtBoth_WithItsCardsOptimizer()
        {
            using var scope = NewDisposeScope();
            manual_seed(5);
            using var net = zoo::NetDsl.Models.Create("sppnet", classes: 6, input: new TensorShape(3, 64, 64));
            var card = zoo::NetDsl.Models.Get("sppnet").Card;
            Assert.Equal("adamw", card.Optimizer);

            // Two batches of other sizes, each with fixed labels: the same network, no rebuild.
            var batches = new[] { (randn(4, 3, 64, 64), randint(0, 6, new long[] { 4 })), (randn(4, 3, 96, 80), randint(0, 6, new long[] { 4 })) };
            double Loss((Tensor X, Tensor Y) b)
            {
                net.eval();
                using var _ = no_grad();
                var output = net.forward(b.X);
                Assert.Equal(new long[] { 4, 6 }, output.shape);
                return nn.functional.cross_entropy(output, b.Y).item<float>();
            }
            var before = batches.Select(Loss).ToArray();

            var optimizer = optim.AdamW(net.parameters(), lr: card.LearningRate!.Value);
            for (int step = 0; step < 4; step++)
            {
                var (x, y) = batches[step % 2];   // the sizes alternate, as the paper's multi-size training does
                net.train();
                optimizer.zero_grad();
                using var loss = nn.functional.cross_entropy(net.forward(x), y);
                loss.backward();
                optimizer.step();
            }
            var after = batches.Select(Loss).ToArray();
            log.WriteLine($"eval loss at 64x64: {before[0]:F4} → {after[0]:F4}; at 96x80: {before[1]:F4} → {after[1]:F4}");
            Assert.True(after[0] < before[0] && after[1] < before[1],
                $"the loss did not fall at both sizes: 64x64 {before[0]:F4} → {after[0]:F4}, 96x80 {before[1]:F4} → {after[1]:F4}");
        }

        /// <summary>At the declared 224x224, conv5 is 14x14, which the 4x4 level splits into uneven bins (0-4, 3-7, 7-11, 10-14): ONNX has no adaptive pooling, so they are exported as slices.</summary>
        [Fact]
        public void Sppnet_AtItsDeclaredInput_ExportsTheUnevenPyramidBinsToOnnx_ThatMatch()
        {
            using var scope = NewDisposeScope();
            manual_seed(9);
            using var net = OnnxTestModels.Create("sppnet", new TensorShape(3, 224, 224));
            Assert.Equal(new TensorShape(256, 14, 14), net.LayerRows.Last(r => r.Path.StartsWith("features.")).Output);
            var x = randn(1, 3, 224, 224);
            Tensor expected;
            using (no_grad()) expected = net.forward(x);
            var actual = OnnxTestModels.Run(NetDsl.Onnx.OnnxExport.ToBytes(net, new NetDsl.Onnx.OnnxExportOptions()), x).ToArray();
            var reference = expected.data<float>().ToArray();
            double worst = reference.Zip(actual, (r, a) => (double)System.Math.Abs(r - a)).Max();
            log.WriteLine($"sppnet 224x224: max |onnx − netdsl| = {worst:E2}");
            Assert.True(worst <= 1e-4 * System.Math.Max(1, reference.Max(System.Math.Abs)), $"sppnet at 224x224: ONNX Runtime differs by {worst:E2}");
        }

        [Fact]
        public void Sppnet_BuiltAtTwoSizes_HasOneParameterSet_AndThePyramidsFixedWidth()
        {
            using var scope = NewDisposeScope();
            using var small = zoo::NetDsl.Models.Create("sppnet", classes: 6, input: new TensorShape(3, 64, 64));
            using var large = zoo::NetDsl.Models.Create("sppnet", classes: 6, input: new TensorShape(3, 180, 180));
            Assert.Equal(small.ParameterTotal, large.ParameterTotal);
            foreach (var net in new[] { small, large })
                Assert.Equal(TensorShape.Vector(256 * (1 + 4 + 16)), net.LayerRows.Single(r => r.Path == "spp" && r.Kind == "Concat").Output);
            // 180x180: conv5 is 12x12; 64x64: 4x4. One set of weights serves both.
            Assert.Equal(new TensorShape(256, 12, 12), large.LayerRows.Last(r => r.Path.StartsWith("features.")).Output);
            large.load_state_dict(small.state_dict());
            small.eval();
            large.eval();
            var x = randn(2, 3, 180, 180);
            using var _ = no_grad();
            Assert.True(small.forward(x).allclose(large.forward(x)), "the network built at 64x64 and at 180x180 differ on one 180x180 batch");
        }
    }
}
