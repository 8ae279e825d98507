using System;
using System.Linq;
using System.Reflection;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// CxL inputs: the rank-polymorphic kinds build PyTorch's 1-D modules ([Conv] is a Conv1d on a CxL map, with its
    /// state-dict shapes), merges and Flatten → Linear work, 2-D-only layers and arguments are ND0025 at the offending
    /// argument, and [Reshape] checks element counts (ND0026).
    /// </summary>
    public class OneDimensionalTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Audio = Head + @"
[Block, Residual(Projection = ""downsample"", After = Act.ReLU)]
public partial class Res1(int planes, int stride = 1)
{
    [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU]                                                             Layer bn1;
    [Conv(nameof(planes), 3, Padding = 1, Bias = false)]                          Layer conv2;
    [BatchNorm]                                                                   Layer bn2;
}

[Network(Input = ""2x64"")]
public partial class Audio(int classes = 5)
{
    [Conv(8, 7, Stride = 2, Padding = 3, Bias = false)] Layer conv1;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)] Layer bn1;
    [Repeat(2, typeof(Res1), 8)]                        Layer layer1;
    [Repeat(2, typeof(Res1), 16, First = ""stride: 2"")] Layer layer2;
    [AvgPool(2), AdaptiveAvgPool(2)]                    Layer pool;
    [Flatten, Dropout(0.1)]                             Layer flat;
    [Linear(nameof(classes))]                           Layer fc;
}";

        [Fact]
        public void A_CxL_network_builds_PyTorchs_1d_modules_with_their_state_dict_shapes_and_rows()
        {
            var run = GeneratorHarness.Run(Audio);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            using var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Audio")!, 5)!;
            Assert.Equal(TensorShape.Sequence(2, 64), net.InputShape);
            Assert.Equal(TensorShape.Vector(5), net.OutputShape);
            var rows = net.LayerRows.ToDictionary(r => r.Name);
            Assert.Equal(("Conv1d", "8x32"), (rows["conv1"].Kind, rows["conv1"].Output.ToString()));
            Assert.Equal("BatchNorm1d", rows["bn1"].Kind);
            Assert.Equal(("MaxPool1d", "8x16"), (rows["bn1/maxpool1d"].Kind, rows["bn1/maxpool1d"].Output.ToString()));
            Assert.Equal(("Conv1d", "16x8"), (rows["layer2.0.downsample.0"].Kind, rows["layer2.0.downsample.0"].Output.ToString()));
            Assert.Equal(("AdaptiveAvgPool1d", "16x2"), (rows["pool.1"].Kind, rows["pool.1"].Output.ToString()));
            Assert.Equal(("Flatten", "32"), (rows["flat.0"].Kind, rows["flat.0"].Output.ToString()));
            var sd = net.state_dict();
            Assert.Equal(new long[] { 8, 2, 7 }, sd["conv1.weight"].shape);
            Assert.Equal(new long[] { 16, 8, 3 }, sd["layer2.0.conv1.weight"].shape);
            Assert.Equal(new long[] { 16, 8, 1 }, sd["layer2.0.downsample.0.weight"].shape);
            Assert.Equal(new long[] { 8 }, sd["bn1.running_mean"].shape);
            Assert.Equal(net.ParameterTotal, net.parameters().Sum(p => p.numel()));
            // The receptive field has one axis: the length's.
            Assert.Equal(new[] { 7 }, rows["conv1"].ReceptiveField);

            using var scope = NewDisposeScope();
            var x = randn(3, 2, 64);
            net.train();
            Assert.Equal(new long[] { 3, 5 }, net.forward(x).shape);
            net.eval();
            using (no_grad())
            {
                var y = net.forward(x);
                var inference = net.ForInference();
                var folded = inference.forward(x);
                Assert.True(folded.allclose(y, rtol: 1e-4, atol: 1e-5), "the inference path (Conv1d→BatchNorm1d folded) gives the eval output");
                Assert.True(inference.FoldedNorms >= 1);
            }
        }

        [Fact]
        public void The_forward_is_torchs_1d_functional_ops_on_the_same_weights()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""3x20"")]
public partial class Seq
{
    [Conv(6, 5, Padding = 2, PaddingMode = PaddingMode.Reflect)] Layer conv;
    [BatchNorm, ReLU, MaxPool(2)]                                Layer bn;
    [ConvTranspose(4, 2, Stride = 2)]                            Layer up;
    [AvgPool(3, Stride = 2, Padding = 1), AdaptiveMaxPool(3)]    Layer pool;
    [Conv(4, 1), GlobalAvgPool, Flatten]                         Layer head;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            using var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Seq")!)!;
            using var scope = NewDisposeScope();
            var sd = net.state_dict();
            var x = randn(2, 3, 20);
            var y = nn.functional.pad(x, new long[] { 2, 2 }, TorchSharp.PaddingModes.Reflect);
            y = nn.functional.conv1d(y, sd["conv.weight"], sd["conv.bias"]);
            y = nn.functional.batch_norm(y, sd["bn.running_mean"], sd["bn.running_var"], sd["bn.weight"], sd["bn.bias"], false);
            y = nn.functional.max_pool1d(nn.functional.relu(y), 2);
            y = nn.functional.conv_transpose1d(y, sd["up.weight"], sd["up.bias"], stride: 2);
            y = nn.functional.adaptive_max_pool1d(nn.functional.avg_pool1d(y, 3, 2, 1), 3);
            y = nn.functional.adaptive_avg_pool1d(nn.functional.conv1d(y, sd["head.weight"], sd["head.bias"]), 1).flatten(1);
            net.eval();
            using (no_grad())
            {
                var actual = net.forward(x);
                Assert.Equal(y.shape, actual.shape);
                Assert.True(actual.allclose(y, rtol: 1e-5, atol: 1e-5));
                // The inference path runs each Conv1d/ConvTranspose1d through its compute mode (prepared weights, BatchNorm folded).
                using var inference = net.ForInference();
                Assert.True(inference.forward(x).allclose(y, rtol: 1e-4, atol: 1e-5));
            }
            Assert.Equal(new[] { "Conv1d", "BatchNorm1d", "ReLU", "MaxPool1d", "ConvTranspose1d", "AvgPool1d", "AdaptiveMaxPool1d", "Conv1d", "GlobalAvgPool", "Flatten" },
                net.LayerRows.Select(r => r.Kind));
        }

        [Fact]
        public void Concat_add_and_multiply_merge_CxL_maps()
        {
            var run = GeneratorHarness.Run(Head + @"
[Block, Branches(Merge.Concat)]
public partial class Inception1
{
    [Conv(4, 1)]             Layer a;
    [Conv(6, 3, Padding = 1)] Layer b;
}
[Network(Input = ""4x16"")]
public partial class Wired
{
    [Conv(8, 3, Padding = 1)]                          Layer enc;
    [Use(typeof(Inception1))]                          Layer mixed;
    [Conv(8, 1)]                                       Layer squeeze;
    [Add(nameof(enc)), ReLU]                           Layer skip;
    [GlobalAvgPool, Conv(8, 1), Sigmoid]               Layer gate;
    [From(nameof(skip)), Multiply(nameof(gate)), ReLU] Layer scaled;
    [Concat(nameof(enc)), Flatten, Linear(3)]          Layer head;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            using var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Wired")!)!;
            var rows = net.LayerRows.ToDictionary(r => r.Name);
            Assert.Equal("10x16", rows["mixed"].Output.ToString());
            Assert.Equal("8x1", rows["gate.0"].Output.ToString());
            using var scope = NewDisposeScope();
            Assert.Equal(new long[] { 2, 3 }, net.forward(randn(2, 4, 16)).shape);
        }

        [Fact]
        public void Reshape_views_each_sample_and_minus_one_is_inferred()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""16"")]
public partial class Decoder
{
    [Linear(128), Reshape(""8x4x4"")]                          Layer fc;
    [ConvTranspose(4, 2, Stride = 2), ReLU]                    Layer up;
    [Reshape(""4x-1"")]                                        Layer rows;
    [Conv(2, 3, Padding = 1), Reshape(""-1"")]                 Layer mix;
    [Linear(16)]                                               Layer output;
}");
            Assert.Empty(run.NetDsl);
            Assert.True(!run.CompilerDiagnostics.Any(), string.Join("\n", run.CompilerDiagnostics));
            using var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Decoder")!)!;
            var rows = net.LayerRows.ToDictionary(r => r.Name);
            Assert.Equal(("Reshape", "8x4x4"), (rows["fc/reshape"].Kind, rows["fc/reshape"].Output.ToString()));
            Assert.Equal("4x64", rows["rows"].Output.ToString());
            Assert.Equal("128", rows["mix/reshape"].Output.ToString());
            using var scope = NewDisposeScope();
            var sd = net.state_dict();
            var x = randn(2, 16);
            var y = nn.functional.linear(x, sd["fc.weight"], sd["fc.bias"]).reshape(2, 8, 4, 4);
            y = nn.functional.relu(nn.functional.conv_transpose2d(y, sd["up.weight"], sd["up.bias"], new long[] { 2, 2 })).reshape(2, 4, 64);
            y = nn.functional.conv1d(y, sd["mix.weight"], sd["mix.bias"], padding: 1).reshape(2, 128);
            y = nn.functional.linear(y, sd["output.weight"], sd["output.bias"]);
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(y, rtol: 1e-5, atol: 1e-5));
        }

        [Fact]
        public void A_reshape_whose_element_count_differs_is_ND0026_at_its_shape_with_a_size_that_holds_them()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""10"")]
public partial class Net { [Linear(98), Reshape(/*ND0026*/""64x7x7"")] Layer fc; }");
            Assert.Equal("fc: Reshape of 98 (98 elements) to \"64x7x7\" (3136 elements): the element counts differ; use [Reshape(\"2x7x7\")], which holds the 98 elements, or change the layer before it to give 3136.", message);
            Assert.Equal("\"64x7x7\"", span);
        }

        [Fact]
        public void A_reshape_whose_minus_one_cannot_be_inferred_is_ND0026()
        {
            string message = GeneratorHarness.SingleMessage(Head + @"
[Network(Input = ""3x10"")]
public partial class Net { [Reshape(""7x-1"")] Layer view; }", "ND0026");
            Assert.Equal("view: Reshape of 3x10 (30 elements) to \"7x-1\" cannot infer its -1: the other sizes do not divide the element count; choose sizes whose product is 30 (the input 3x10), or change the layer before it.", message);
        }

        [Fact]
        public void A_reshape_that_is_no_shape_is_ND0013_at_its_shape()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x10"")]
public partial class Net { [Reshape(/*ND0013*/""-1x-1"")] Layer view; }");
            Assert.Equal("view: Reshape \"-1x-1\" is not a shape: only one dimension may be -1; write the sample's new shape as \"CxHxW\", \"CxL\" or \"N\" (e.g. \"64x7x7\", one size may be -1).", message);
            Assert.Equal("\"-1x-1\"", span);
        }

        [Fact]
        public void A_width_argument_on_a_1d_map_is_ND0025_at_that_argument()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""1x100"")]
public partial class Net { [Conv(8, 1, KernelW = /*ND0025*/7)] Layer conv; }");
            Assert.Equal("conv: Conv1d on the 1-D map 1x100 (CxL) has one axis, so KernelW (a CxHxW map's width) does not apply; remove KernelW and write the length's Kernel (Kernel = …), or declare a CxHxW input for a 2-D window.", message);
            Assert.Equal("7", span);
        }

        [Fact]
        public void A_pool_width_argument_on_a_1d_map_is_ND0025_at_that_argument()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""1x100"")]
public partial class Net { [MaxPool(3, StrideW = /*ND0025*/2)] Layer pool; }");
            Assert.StartsWith("pool: MaxPool1d on the 1-D map 1x100 (CxL) has one axis, so StrideW", message);
            Assert.Equal("2", span);
        }

        [Fact]
        public void Two_adaptive_sizes_on_a_1d_map_are_ND0025_at_the_second_with_the_one_size_form()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""4x100"")]
public partial class Net { [AdaptiveAvgPool(6, /*ND0025*/6)] Layer pool; }");
            Assert.Equal("pool: AdaptiveAvgPool1d on the 1-D map 4x100 (CxL) has one axis, so Width (a CxHxW map's width) does not apply; write one output length, [AdaptiveAvgPool(6)].", message);
            Assert.Equal("6", span);
        }

        [Theory]
        [InlineData("DeformConv(4, 3)", "DeformConv2d", "use [Conv] (Conv1d) on a 1-D map; a deformable convolution samples a 2-D grid")]
        [InlineData("Dropout2d(0.2)", "Dropout2d", "use [Dropout] on a 1-D map (PyTorch's Dropout2d reads an N x C x L batch as one unbatched C x H x W sample)")]
        [InlineData("Upsample(2)", "Upsample", "lengthen a 1-D map with [ConvTranspose] (ConvTranspose1d, e.g. Kernel = 2, Stride = 2)")]
        [InlineData("LayerNorm2d", "LayerNorm2d", "normalise a 1-D map's channels with [BatchNorm] (BatchNorm1d), or its length with [LayerNorm]")]
        public void A_2d_only_layer_on_a_1d_map_is_ND0025_at_the_layer_with_what_to_write_instead(string layer, string kind, string fix)
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + $@"
[Network(Input = ""4x32"")]
public partial class Net {{ [/*ND0025*/{layer}] Layer x; }}");
            Assert.Equal($"x: {kind} works on CxHxW maps only, but its input is the 1-D map 4x32 (CxL); {fix}.", message);
            Assert.Equal(layer, span);
        }

        [Fact]
        public void A_member_typed_as_the_2d_module_on_a_1d_map_is_ND0025_at_the_member()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"using TorchSharp.Modules;
[Network(Input = ""4x32"")]
public partial class Net { [Conv(8, 3)] public Conv2d /*ND0025*/conv; [Conv(8, 3)] public Conv1d conv2; }");
            Assert.Equal("conv: declared Conv2d, but on its 1-D input 4x32 [Conv] builds a Conv1d; declare the member Conv1d (or Layer).", message);
            Assert.Equal("conv", span);
        }

        [Fact]
        public void A_1d_map_too_short_for_a_kernel_is_ND0007_with_the_shortest_input_that_works()
        {
            string message = GeneratorHarness.SingleMessage(Head + @"
[Network(Input = ""2x8"")]
public partial class Net { [Conv(4, 3, Stride = 2)] Layer a; [Conv(4, 5)] Layer b; }", "ND0007");
            Assert.Equal("b: Conv1d output would be 4x0 for input 4x3 (kernel 5, stride 1, padding 0); the input is too small; use kernel: 3, the largest kernel the 3-long map holds at this padding (or Input = \"2x11\", the smallest input every layer accepts).", message);
        }

        [Fact]
        public void A_1d_network_refuses_a_batch_of_images_with_the_CxL_form()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""2x16"")]
public partial class Net { [Conv(4, 9), GlobalAvgPool, Flatten] Layer a; }");
            Assert.Empty(run.NetDsl);
            using var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            using var scope = NewDisposeScope();
            var e = Assert.Throws<ShapeException>(() => net.forward(randn(2, 2, 16, 16)));
            Assert.Equal("ND0001: Net: forward needs a 3-D batch of 2xL samples (it is built for 2x16) but got a 4-D tensor [2, 2, 16, 16]; pass N x 2 x L.", e.Message);
            e = Assert.Throws<ShapeException>(() => net.forward(randn(2, 16, 2)));
            Assert.Equal("ND0001: Net: forward got [2, 16, 2], whose 16 channels are not the 2 of its input 2x16; the tensor looks length-first (NxLxC): transpose it to NxCxL (x.transpose(1, 2)).", e.Message);
            var built = Assert.Throws<TargetInvocationException>(() => { using (Network.BuildAt(new TensorShape(2, 16, 16))) Activator.CreateInstance(net.GetType()); });
            Assert.Equal("ND0001: Net: built at input 2x16x16, a CxHxW map, but it is declared for 2x16, a CxL map; build it at an input of that form (e.g. 2x16).", built.InnerException!.Message);
            using (Network.BuildAt(TensorShape.Sequence(2, 40)))
            using (var longer = (Network)Activator.CreateInstance(net.GetType())!)
                Assert.Equal(new long[] { 3, 4 }, longer.forward(randn(3, 2, 40)).shape);
        }

        [Fact]
        public void TensorShape_parses_and_writes_the_CxL_form()
        {
            Assert.True(TensorShape.TryParse("1x16000", out var audio));
            Assert.Equal((2, 1, 16000, 16000), (audio.Rank, audio.C, audio.L, audio.W));
            Assert.True(audio.IsMap && audio.Is1d && !audio.Is2d);
            Assert.Equal("1x16000", audio.ToString());
            Assert.Equal(new[] { 1, 16000 }, audio.ToArray());
            Assert.Equal(new long[] { 4, 1, 16000 }, audio.BatchDims(4));
            Assert.NotEqual(TensorShape.Sequence(1, 1), TensorShape.Vector(1));
            Assert.Equal(TensorShape.Sequence(5, 3), audio.Resized(5, 9, 3));
        }
    }
}
