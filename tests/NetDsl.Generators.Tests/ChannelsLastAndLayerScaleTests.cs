using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// ConvNeXt's constructs: [Permute], [LayerNorm] over the last axis, [Linear(LastDim = true)], [LayerNorm2d],
    /// [StochasticDepth] and [Residual(LayerScale, StochasticDepth)], checked against torch's own functions.
    /// </summary>
    public class ChannelsLastAndLayerScaleTests
    {
        static readonly TorchSharp.Scalar Two = 2L.ToScalar();

        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Block = Head + @"
[Block, Residual(LayerScale = 0.5, StochasticDepth = nameof(drop))]
public partial class CN(int dim, double drop)
{
    [Conv(nameof(dim), 3, Padding = 1, Groups = nameof(dim)), Permute(0, 2, 3, 1), LayerNorm(Eps = 1e-6),
     Linear(""2 * dim"", LastDim = true), GELU, Linear(nameof(dim), LastDim = true), Permute(0, 3, 1, 2)] Layer block;
}

[Network(Input = ""4x5x6"")]
public partial class Net
{
    [LayerNorm2d(Eps = 1e-6)]    Layer norm;
    [Use(typeof(CN), 4, 0.25)]   Layer cn;
    [StochasticDepth(0.5)]       Layer drop;
}";

        [Fact]
        public void A_channels_last_block_with_layer_scale_computes_torchs_functions_and_drops_only_in_training()
        {
            var run = GeneratorHarness.Run(Block);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Equal(new[]
            {
                ("norm", "LayerNorm2d", new TensorShape(4, 5, 6), 8L),
                ("cn.block.0", "Conv2d", new TensorShape(4, 5, 6), 4L * 9 + 4), ("cn.block.1", "Permute", new TensorShape(5, 6, 4), 0L),
                ("cn.block.2", "LayerNorm", new TensorShape(5, 6, 4), 8L), ("cn.block.3", "Linear", new TensorShape(5, 6, 8), 4L * 8 + 8),
                ("cn.block.4", "GELU", new TensorShape(5, 6, 8), 0L), ("cn.block.5", "Linear", new TensorShape(5, 6, 4), 8L * 4 + 4),
                ("cn.block.6", "Permute", new TensorShape(4, 5, 6), 0L),
                ("cn", "LayerScale", new TensorShape(4, 5, 6), 4L), ("cn", "StochasticDepth", new TensorShape(4, 5, 6), 0L),
                ("drop", "StochasticDepth", new TensorShape(4, 5, 6), 0L),
            }, net.LayerRows.Select(r => (r.Path, r.Kind, r.Output, r.Parameters)));
            var sd = net.state_dict();
            Assert.Equal(new long[] { 4, 1, 1 }, sd["cn.layer_scale"].shape);
            using (var held = new ScalarScope()) Assert.True(sd["cn.layer_scale"].eq(held[0.5]).all().item<bool>());
            Assert.Equal(net.LayerRows.Sum(r => r.Parameters), net.parameters().Sum(p => p.numel()));

            using var scope = NewDisposeScope();
            var x = randn(3, 4, 5, 6);
            var n = nn.functional.layer_norm(x.permute(0, 2, 3, 1), new long[] { 4 }, sd["norm.weight"], sd["norm.bias"], 1e-6).permute(0, 3, 1, 2);
            var b = nn.functional.conv2d(n, sd["cn.block.0.weight"], sd["cn.block.0.bias"], padding: new long[] { 1, 1 }, groups: 4).permute(0, 2, 3, 1);
            b = nn.functional.layer_norm(b, new long[] { 4 }, sd["cn.block.2.weight"], sd["cn.block.2.bias"], 1e-6);
            b = nn.functional.linear(nn.functional.gelu(nn.functional.linear(b, sd["cn.block.3.weight"], sd["cn.block.3.bias"])), sd["cn.block.5.weight"], sd["cn.block.5.bias"]);
            var expected = n.add(sd["cn.layer_scale"] * b.permute(0, 3, 1, 2), alpha: Scalars.One);
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(expected, rtol: 1e-4, atol: 1e-5));

            // Training: each sample either dropped by the last layer (zero) or kept and scaled by 1 / (1 - 0.5).
            net.train();
            random.manual_seed(3);
            var seen = new System.Collections.Generic.HashSet<bool>();
            for (int trial = 0; trial < 8; trial++)
            {
                using var y = net.forward(x).detach();
                for (int s = 0; s < 3; s++)
                {
                    bool dropped = y[s].abs().max().item<float>() == 0;
                    seen.Add(dropped);
                    if (!dropped) Assert.True(y[s].abs().max().item<float>() > 0);
                }
            }
            Assert.Equal(2, seen.Count);   // both outcomes happen over 24 samples at p = 0.5
        }

        const string SkipBlocks = Head + @"
[Block, Residual(IfShapesMatch = true, StochasticDepth = 0.5)]
public partial class MB(int channels, int stride = 1)
{
    [Conv(nameof(channels), 3, Stride = nameof(stride), Padding = 1)] Layer conv;
}

[Network(Input = ""4x6x6"")]
public partial class Net
{
    [Use(typeof(MB), 8, 2)]   Layer down;
    [Use(typeof(MB), 8)]      Layer keep;
}";

        /// <summary>
        /// torchvision's MBConv/FusedMBConv: <c>if use_res_connect: result = stochastic_depth(result); result += input</c>. With
        /// IfShapesMatch the drop exists, like the add, only in the instances that keep the shape (EfficientNetV2).
        /// </summary>
        [Fact]
        public void With_IfShapesMatch_only_the_instances_with_a_skip_drop_their_body()
        {
            var run = GeneratorHarness.Run(SkipBlocks);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Equal(new[]
            {
                ("down.conv", "Conv2d", new TensorShape(8, 3, 3)), ("keep.conv", "Conv2d", new TensorShape(8, 3, 3)),
                ("keep", "StochasticDepth", new TensorShape(8, 3, 3)),
            }, net.LayerRows.Select(r => (r.Path, r.Kind, r.Output)));

            using var scope = NewDisposeScope();
            var sd = net.state_dict();
            var x = randn(4, 4, 6, 6);
            var d = nn.functional.conv2d(x, sd["down.conv.weight"], sd["down.conv.bias"], strides: new long[] { 2, 2 }, padding: new long[] { 1, 1 });
            var k = nn.functional.conv2d(d, sd["keep.conv.weight"], sd["keep.conv.bias"], padding: new long[] { 1, 1 });
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(d.add(k, alpha: Scalars.One), rtol: 1e-4, atol: 1e-5));

            // Training: "down" (no skip) never drops; "keep" either drops its body (d) or keeps it scaled by 2 (d + 2k).
            net.train();
            random.manual_seed(5);
            var seen = new System.Collections.Generic.HashSet<bool>();
            for (int trial = 0; trial < 8; trial++)
            {
                using var y = net.forward(x).detach();
                for (int s = 0; s < 4; s++)
                {
                    bool dropped = y[s].allclose(d[s], rtol: 1e-4, atol: 1e-5);
                    Assert.True(dropped || y[s].allclose(d[s].add(k[s], alpha: Two), rtol: 1e-4, atol: 1e-5), $"sample {s}: neither d nor d + 2k");
                    seen.Add(dropped);
                }
            }
            Assert.Equal(2, seen.Count);
        }

        [Fact]
        public void A_permute_that_moves_the_batch_axis_is_ND0013_at_its_first_axis()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x4x4"")]
public partial class Net { [Permute(/*ND0013*/1, 0, 2, 3)] Layer p; }");
            Assert.Equal("p: Permute keeps the batch axis first, but its first axis is 1; write 0 first, then an order of 1, 2 and 3.", message);
            Assert.Equal("1", span);
        }

        [Fact]
        public void A_permute_naming_an_axis_twice_is_ND0013_at_the_repeat()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x4x4"")]
public partial class Net { [Permute(0, 2, /*ND0013*/2, 1)] Layer p; }");
            Assert.Equal("p: Permute(0, 2, 2, 1) is not an order of the axes; after 0 write 1, 2 and 3 once each.", message);
            Assert.Equal("2", span);
        }

        [Fact]
        public void Linear_on_a_map_without_LastDim_still_asks_for_Flatten()
        {
            string message = GeneratorHarness.SingleMessage(Head + @"
[Network(Input = ""3x4x4"")]
public partial class Net { [Linear(8)] Layer fc; }", "ND0009");
            Assert.StartsWith("fc: Linear needs a flat feature vector but its input is 3x4x4; add [Flatten]", message);
        }

        [Fact]
        public void A_pinned_LastDim_size_that_differs_is_ND0008_at_In()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x4x5"")]
public partial class Net { [Linear(8, LastDim = true, In = /*ND0008*/3)] Layer fc; }");
            Assert.Equal("fc: Linear declares In = 3 but its input 3x4x5 has 5 elements on its last axis; set In = 5 or remove In to infer it.", message);
            Assert.Equal("3", span);
        }

        [Fact]
        public void A_residual_drop_probability_of_one_is_ND0013_at_the_argument()
        {
            var (message, span) = GeneratorHarness.SingleDiagnosticInBlock(Head + @"
[Block, Residual(StochasticDepth = /*ND0013*/1.0)]
public partial class B { [Conv(""C"", 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x4x4"")]
public partial class Net { [Use(typeof(B))] Layer b; }", "Use(typeof(B))");
            Assert.Equal("b: StochasticDepth probability must be in [0, 1), got 1; use a value such as 0.5.", message);
            Assert.Equal("1.0", span);
        }

        [Fact]
        public void LayerNorm2d_on_a_vector_is_ND0011()
        {
            string message = GeneratorHarness.SingleMessage(Head + @"
[Network(Input = ""3x4x4"")]
public partial class Net { [Flatten] Layer flat; [LayerNorm2d] Layer norm; }", "ND0011");
            Assert.StartsWith("norm: LayerNorm2d needs a CxHxW feature map but its input is the flat vector 48", message);
        }
    }
}
