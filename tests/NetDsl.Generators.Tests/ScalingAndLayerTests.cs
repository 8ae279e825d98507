extern alias generator;
using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>Compound-scaling expressions, the Repeat index, per-variant inputs and the decoder/attention layers.</summary>
    public class ScalingAndLayerTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        static Network Create(GeneratorHarness.Result run, string type, string? factory = null)
        {
            var t = GeneratorHarness.Load(run).GetType("Demo." + type)!;
            return factory == null
                ? (Network)Activator.CreateInstance(t)!
                : (Network)t.GetMethod(factory)!.Invoke(null, null)!;
        }

        [Theory]
        [InlineData(16 * 1.0, 16)]
        [InlineData(16 * 1.1, 16)]   // 17.6 → 16 (not more than 10 % below)
        [InlineData(32 * 1.4, 48)]   // 44.8 → 48
        [InlineData(24 * 1.2, 32)]   // 28.8 → 32
        [InlineData(40 * 1.1, 48)]   // 44 → 48
        [InlineData(3.0, 8)]         // never below the divisor
        public void MakeDivisible_rounds_as_the_reference_code(double value, int expected) =>
            Assert.Equal(expected, ScalingRules.MakeDivisible(value, 8));

        [Fact]
        public void Scaled_widths_and_depths_are_evaluated_per_variant_with_their_own_input()
        {
            var run = GeneratorHarness.Run(Head + @"
[Block, Residual(IfShapesMatch = true)]
public partial class Unit(int channels, int stride = 1, int dilation = 1)
{
    [Conv(nameof(channels), 3, Stride = nameof(stride), Padding = nameof(dilation), Dilation = nameof(dilation))] Layer conv;
}

[Network(Input = ""3x32x32"")]
[Variant(""small"", 1.0, 1.0)]
[Variant(""large"", 1.4, 2.2, Input = ""3x40x40"")]
public partial class Scaled(double width, double depth)
{
    [Conv(""make_divisible(32 * width, 8)"", 3, Stride = 2, Padding = 1)]                Layer stem;
    [Repeat(""ceil(2 * depth)"", typeof(Unit), ""make_divisible(24 * width, 8)"", 1, ""1 + min(i, 1)"")] Layer stage;
    [Conv(""max(InC, 8)"", 1)]                                                            Layer head;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var small = Create(run, "Scaled", "Small");
            var large = Create(run, "Scaled", "Large");
            Assert.Equal(new TensorShape(3, 40, 40), large.InputShape);
            Assert.Equal(new TensorShape(3, 40, 40), large.DeclaredInput);
            Assert.Equal(new TensorShape(3, 32, 32), small.DeclaredInput);
            Assert.Equal(new[] { "stage.0.conv", "stage.1.conv" }, small.LayerRows.Where(r => r.Path.StartsWith("stage")).Select(r => r.Path));
            Assert.Equal(5, large.LayerRows.Count(r => r.Path.StartsWith("stage")));               // ceil(4.4)
            Assert.Equal(new TensorShape(48, 20, 20), large.LayerRows.Single(r => r.Path == "stem").Output);   // make_divisible(44.8)
            Assert.Equal(new TensorShape(8, 20, 20), large.OutputShape);                         // max(InC = 3, 8)
            var dilations = large.named_modules().Where(m => m.name.StartsWith("stage.") && m.name.EndsWith(".conv"))
                .Select(m => ((TorchSharp.Modules.Conv2d)m.module).dilation![0]).ToArray();
            Assert.Equal(new long[] { 1, 2, 2, 2, 2 }, dilations);                                // "1 + min(i, 1)"
        }

        [Theory]
        [InlineData("\"ceil(2.5, 1)\"", "conv: expression \"ceil(2.5, 1)\" cannot be evaluated: ceil takes 1 argument(s), got 2; no parameters (and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network).")]
        [InlineData("\"sqrt(4)\"", "conv: expression \"sqrt(4)\" cannot be evaluated: 'sqrt' is not a function; use min, max, ceil, floor, round or make_divisible; no parameters (and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network).")]
        [InlineData("\"make_divisible(12, 0)\"", "conv: Conv2d outChannels \"make_divisible(12, 0)\" cannot be evaluated: make_divisible needs a positive integer divisor; no parameters (and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network).")]
        [InlineData("\"i + 1\"", "conv: expression \"i + 1\" cannot be evaluated: unknown name 'i'; no parameters (and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network).")]
        public void Bad_function_calls_are_ND0002_with_the_reason(string channels, string expected)
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Net { [Conv(/*ND0002*/" + channels + @", 1)] Layer conv; }");
            Assert.Equal(expected, message);
            Assert.Equal(channels, span);
        }

        [Fact]
        public void ConvTranspose_and_upsampling_grow_the_map_and_run()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""4x7x7"")]
public partial class Net
{
    [ConvTranspose(8, 3, Stride = 2, Padding = 1, OutputPadding = 1)] Layer up;      // 14
    [Upsample(2)]                                                     Layer near;    // 28
    [Upsample(Height = 30, Width = 31, Mode = Interpolation.Bilinear), Dropout2d(0.1), LRN(3)] Layer resize;
    [SqueezeExcitation(""max(1, C / 4)"", Act = Act.SiLU), Hardswish] Layer se;
}");
            // Only the checkerboard lint on the 3x3 stride-2 transposed convolution (a warning, not an error).
            Assert.Equal(new[] { "ND0101" }, run.NetDsl.Select(d => d.Id));
            Assert.Empty(run.CompilerDiagnostics);
            var net = Create(run, "Net");
            Assert.Equal(new TensorShape(8, 14, 14), net.LayerRows[0].Output);
            Assert.Equal(4L * 8 * 9 + 8, net.LayerRows[0].Parameters);
            Assert.Equal(new TensorShape(8, 30, 31), net.OutputShape);
            Assert.Equal(2L * 8 * 2 + 2 + 8, net.LayerRows.Single(r => r.Kind == "SqueezeExcitation").Parameters);
            using var scope = NewDisposeScope();
            var y = net.forward(randn(2, 4, 7, 7));
            Assert.Equal(new long[] { 2, 8, 30, 31 }, y.shape);
            Assert.Equal(net.ParameterTotal, net.parameters().Sum(p => p.numel()));
        }

        [Theory]
        [InlineData("[ConvTranspose(8, 3, Stride = 2, OutputPadding = /*ND0013*/2)] Layer up;",
            "up: ConvTranspose2d OutputPadding = 2 must be ≥ 0 and smaller than the stride (2) or the dilation (1); use OutputPadding < 2.", "2")]
        [InlineData("[/*ND0013*/Upsample] Layer up;",
            "up: Upsample needs either a scale or both Height and Width; write [Upsample(2)] or [Upsample(Height = \"InH\", Width = \"InW\")].", "Upsample")]
        [InlineData("[SqueezeExcitation(/*ND0018*/\"C / 8\")] Layer se;",
            "se: SqueezeExcitation squeezes 4x7x7 to 0 channels; use at least 1 (e.g. \"max(1, C / 4)\").", "\"C / 8\"")]
        public void Decoder_and_attention_layer_misuse_points_at_the_argument(string member, string expected, string span)
        {
            var (message, at) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""4x7x7"")]
public partial class Net { " + member + " }");
            Assert.Equal(expected, message);
            Assert.Equal(span, at);
        }

        [Fact]
        public void Act_typed_block_parameters_choose_the_activation_per_instance()
        {
            var run = GeneratorHarness.Run(Head + @"
[Block(Indexed = true)]
public partial class ConvAct(int channels, Act act = Act.ReLU)
{
    [Conv(nameof(channels), 1)]   Layer conv;
    [Activation(nameof(act))]     Layer activation;
}
[Network(Input = ""2x4x4"")]
[Variant(""hs"", Act.Hardswish)]
public partial class Net(Act last)
{
    [Use(typeof(ConvAct), 3)]                     Layer first;
    [Use(typeof(ConvAct), 3, nameof(last))]       Layer second;
    [Use(typeof(ConvAct), 3, Act.None)]           Layer third;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = Create(run, "Net", "Hs");
            Assert.Equal(new[] { "ReLU", "Hardswish", "None" }, net.LayerRows.Where(r => r.Path.EndsWith(".1")).Select(r => r.Kind));
            Assert.Contains("first.1                      ReLU", run.Source("Net.g.cs"));
            using var scope = NewDisposeScope();
            var x = randn(1, 2, 4, 4);
            Assert.Equal(new long[] { 1, 3, 4, 4 }, net.forward(x).shape);
        }

        [Fact]
        public void Deformable_convolution_counts_its_offset_convolution()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""4x9x9"")]
public partial class Net { [DeformConv(8, 3, Padding = 1, Modulated = true)] Layer conv; }");
            Assert.Empty(run.NetDsl);
            var net = Create(run, "Net");
            Assert.Equal(8L * 4 * 9 + 8 + (27L * 4 * 9 + 27), net.ParameterTotal);
            Assert.Equal(net.ParameterTotal, net.parameters().Sum(p => p.numel()));
            Assert.Equal(new[] { "conv.weight", "conv.bias", "conv.offset.weight", "conv.offset.bias" }, net.state_dict().Keys.ToArray());
        }

        [Fact]
        public void A_variant_input_that_is_not_a_shape_is_ND0001()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
[Variant(""odd"", 2, Input = /*ND0001*/""3xbig"")]
public partial class Net(int c) { [Conv(nameof(c), 1)] Layer conv; }");
            Assert.Equal("Net: variant odd Input \"3xbig\" is not a shape; write Input = \"CxHxW\" (e.g. \"3x240x240\").", message);
            Assert.Equal("\"3xbig\"", span);
        }
    }
}
