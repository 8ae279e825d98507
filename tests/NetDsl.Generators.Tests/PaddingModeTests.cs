using System;
using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>[Conv(…, PaddingMode = …)]: PyTorch's padding_mode (zeros, reflect, replicate, circular); the shape rule is unchanged.</summary>
    public class PaddingModeTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void Each_mode_computes_the_functional_pad_then_an_unpadded_convolution()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""3x7x9"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1, PaddingMode = PaddingMode.Reflect)]                   Layer reflect;
    [Conv(5, 3, Padding = 2, PaddingW = 1, PaddingMode = PaddingMode.Replicate)]   Layer replicate;
    [Conv(6, 3, Padding = 1, Stride = 2, PaddingMode = PaddingMode.Circular)]      Layer circular;
    [Conv(2, 3, Padding = 1, PaddingMode = PaddingMode.Zeros, Bias = false)]       Layer zeros;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            // replicate: height 7 + 4 - 2 = 9, width 9 + 2 - 2 = 9; circular at stride 2: (9 + 2 - 3)/2 + 1 = 5.
            Assert.Equal(new[] { new TensorShape(4, 7, 9), new TensorShape(5, 9, 9), new TensorShape(6, 5, 5), new TensorShape(2, 5, 5) },
                net.LayerRows.Select(r => r.Output));

            using var scope = NewDisposeScope();
            var x = randn(2, 3, 7, 9);
            var sd = net.state_dict();
            // functional pad's order is (left, right, top, bottom).
            var y = nn.functional.conv2d(nn.functional.pad(x, new long[] { 1, 1, 1, 1 }, PaddingModes.Reflect), sd["reflect.weight"], sd["reflect.bias"]);
            y = nn.functional.conv2d(nn.functional.pad(y, new long[] { 1, 1, 2, 2 }, PaddingModes.Replicate), sd["replicate.weight"], sd["replicate.bias"]);
            y = nn.functional.conv2d(nn.functional.pad(y, new long[] { 1, 1, 1, 1 }, PaddingModes.Circular), sd["circular.weight"], sd["circular.bias"], strides: new long[] { 2, 2 });
            y = nn.functional.conv2d(y, sd["zeros.weight"], padding: new long[] { 1, 1 });
            net.eval();
            using (no_grad())
            {
                var actual = net.forward(x);
                Assert.True(actual.allclose(y, rtol: 1e-5, atol: 1e-5));
                // Under a compute mode the convolution runs functionally from the module's weights: padded the same way.
                using (Compute.Use(new ComputeMode(lowPrecision: null, channelsLast: true)))
                    Assert.True(net.forward(x).allclose(y, rtol: 1e-5, atol: 1e-5));
                // Not zero padding in disguise: the same weights with zeros give another output.
                var zeroPadded = nn.functional.conv2d(x, sd["reflect.weight"], sd["reflect.bias"], padding: new long[] { 1, 1 });
                var reflected = nn.functional.conv2d(nn.functional.pad(x, new long[] { 1, 1, 1, 1 }, PaddingModes.Reflect), sd["reflect.weight"], sd["reflect.bias"]);
                Assert.False(zeroPadded.allclose(reflected, rtol: 1e-3, atol: 1e-3));
            }
        }

        [Fact]
        public void The_mode_is_the_records_and_zeros_by_default()
        {
            Assert.Equal(PaddingMode.Zeros, new ConvArgs { OutChannels = 1, Kernel = 1 }.PaddingMode);
            var a = new ConvArgs { OutChannels = 8, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Reflect };
            Assert.Equal(new TensorShape(8, 5, 5), ConvKind.Instance.Rule("conv", new TensorShape(2, 5, 5), a).Output);
        }

        [Fact]
        public void Reflect_padding_at_the_inputs_height_is_ND0013_at_Padding()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x4x8"")]
public partial class Net { [Conv(4, 5, Padding = /*ND0013*/4, PaddingMode = PaddingMode.Reflect)] Layer conv; }");
            Assert.Equal("conv: Conv2d Reflect padding 4 must be under the input's height 4 (input 3x4x8); use less padding, a larger input or PaddingMode.Zeros.", message);
            Assert.Equal("4", span);
        }

        [Fact]
        public void Reflect_padding_past_the_inputs_width_is_ND0013_at_PaddingW()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x2"")]
public partial class Net { [Conv(4, 3, Padding = 1, PaddingW = /*ND0013*/2, PaddingMode = PaddingMode.Reflect)] Layer conv; }");
            Assert.Equal("conv: Conv2d Reflect padding 2 must be under the input's width 2 (input 3x8x2); use less padding, a larger input or PaddingMode.Zeros.", message);
            Assert.Equal("2", span);
        }

        [Fact]
        public void Circular_padding_may_equal_the_size_but_not_exceed_it()
        {
            var at = new ConvArgs { OutChannels = 2, Kernel = 3, Padding = 2, PaddingMode = PaddingMode.Circular };
            Assert.Null(ConvKind.Instance.Rule("conv", new TensorShape(1, 2, 2), at).Issue);
            var over = at with { Padding = 3 };
            var issue = ConvKind.Instance.Rule("conv", new TensorShape(1, 2, 2), over).Issue!;
            Assert.Equal(ShapeIssueIds.InvalidArgument, issue.Id);
            Assert.Contains("Circular padding 3 must be at most the input's height 2", issue.Message);
            // Replicate repeats the edge as far as asked.
            Assert.Null(ConvKind.Instance.Rule("conv", new TensorShape(1, 2, 2), over with { PaddingMode = PaddingMode.Replicate }).Issue);
        }

        [Fact]
        public void A_deformable_convolution_pads_with_zeros_only()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Net { [DeformConv(4, 3, Padding = 1, PaddingMode = /*ND0013*/PaddingMode.Reflect)] Layer conv; }");
            Assert.Equal("conv: DeformConv2d pads with zeros only (torchvision's deform_conv2d); remove PaddingMode or write PaddingMode.Zeros.", message);
            Assert.Equal("PaddingMode.Reflect", span);
        }
    }
}
