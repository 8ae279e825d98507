using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>[Conv] with a rectangular window: Kernel/Stride/Padding/Dilation are the height's, the W-suffixed ones the width's (inception_v3's 1x7 and 7x1).</summary>
    public class RectangularConvTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void A_1x7_then_7x1_pair_keeps_the_map_and_computes_PyTorchs_convolution()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""4x9x12"")]
public partial class Net
{
    [Conv(6, 1, KernelW = 7, PaddingW = 3, Bias = false)] Layer a;
    [Conv(5, 7, KernelW = 1, Padding = 3, PaddingW = 0)]  Layer b;
    [Conv(3, 3, StrideW = 2, DilationW = 2, Padding = 1)] Layer c;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            // c: height (9 + 2 - 3)/1 + 1 = 9; width (12 + 2 - 2·2 - 1)/2 + 1 = 5.
            Assert.Equal(new[] { ("a", "Conv2d", new TensorShape(6, 9, 12)), ("b", "Conv2d", new TensorShape(5, 9, 12)), ("c", "Conv2d", new TensorShape(3, 9, 5)) },
                net.LayerRows.Select(r => (r.Path, r.Kind, r.Output)));
            Assert.Equal(6L * 4 * 7 + (5L * 6 * 7 + 5) + (3L * 5 * 9 + 3), net.ParameterTotal);
            Assert.Equal(new long[] { 6, 4, 1, 7 }, net.state_dict()["a.weight"].shape);
            Assert.Equal(new long[] { 5, 6, 7, 1 }, net.state_dict()["b.weight"].shape);

            using var scope = NewDisposeScope();
            var x = randn(2, 4, 9, 12);
            var sd = net.state_dict();
            var expected = nn.functional.conv2d(x, sd["a.weight"], padding: new long[] { 0, 3 });
            expected = nn.functional.conv2d(expected, sd["b.weight"], sd["b.bias"], padding: new long[] { 3, 0 });
            expected = nn.functional.conv2d(expected, sd["c.weight"], sd["c.bias"], strides: new long[] { 1, 2 }, padding: new long[] { 1, 1 }, dilation: new long[] { 1, 2 });
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(expected, rtol: 1e-5, atol: 1e-5));
        }

        [Fact]
        public void Square_arguments_written_twice_stay_square()
        {
            var a = new ConvArgs { OutChannels = 8, Kernel = 3, KernelW = 3, Padding = 1 };
            Assert.False(a.IsRectangular);
            var outcome = ConvKind.Instance.Rule("conv", new TensorShape(2, 5, 5), a);
            Assert.Equal(new TensorShape(8, 5, 5), outcome.Output);
            Assert.Equal(8L * 2 * 9 + 8, outcome.Parameters);
        }

        [Fact]
        public void A_kernel_width_below_one_is_ND0013_at_the_argument()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Net { [Conv(4, 1, KernelW = /*ND0013*/0)] Layer conv; }");
            Assert.Equal("conv: Conv2d kernel width must be positive, got 0; use a value ≥ 1.", message);
            Assert.Equal("0", span);
        }

        [Fact]
        public void A_negative_width_padding_is_ND0013_at_the_argument()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Net { [Conv(4, 3, PaddingW = /*ND0013*/-1)] Layer conv; }");
            Assert.Equal("conv: Conv2d PaddingW must be zero or positive, got -1; use a paddingw ≥ 0.", message);
            Assert.Equal("-1", span);
        }

        [Fact]
        public void A_window_wider_than_the_map_is_ND0007_at_the_width_with_both_sides_written()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x5"")]
public partial class Net { [Conv(4, 1, KernelW = /*ND0007*/7)] Layer conv; }");
            Assert.Equal("conv: Conv2d output would be 4x8x0 for input 3x8x5 (kernel 1x7, stride 1x1, padding 0x0); the input is too small: use a larger input, more padding or a smaller kernel or stride.", message);
            Assert.Equal("7", span);
        }

        [Fact]
        public void A_rectangular_deformable_convolution_is_ND0013_at_the_width_argument()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Net { [DeformConv(4, 3, PaddingW = /*ND0013*/2)] Layer conv; }");
            Assert.Equal("conv: DeformConv2d takes square windows only; remove KernelW, StrideW, PaddingW and DilationW or make them equal to Kernel, Stride, Padding and Dilation.", message);
            Assert.Equal("2", span);
        }
    }
}
