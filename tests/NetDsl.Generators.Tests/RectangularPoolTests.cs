using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>[MaxPool]/[AvgPool] with a rectangular window, in [Conv]'s syntax: KernelW, StrideW, PaddingW are the width's.</summary>
    public class RectangularPoolTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void Rectangular_pools_follow_PyTorchs_rule_per_axis_as_modules_and_in_forward()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""3x9x12"")]
public partial class Net
{
    [MaxPool(3, KernelW = 1, Stride = 2)]                                  Layer a;
    [Conv(4, 1), AvgPool(1, KernelW = 3, PaddingW = 1, StrideW = 1)]       Layer b;
    [MaxPool(2, KernelW = 3)]                                              Layer c;
    [Conv(4, 1), AvgPool(2, KernelW = 1, CeilMode = true)]                 Layer d;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            // a: height (9 - 3)/2 + 1 = 4, width (12 - 1)/2 + 1 = 6 (one Stride, both axes); b keeps 4x6;
            // c: the stride is the window per axis: 4/2 = 2, 6/3 = 2; d: ceil(2/2) = 1, width 2 at 1x1.
            Assert.Equal(new[] { new TensorShape(3, 4, 6), new TensorShape(4, 4, 6), new TensorShape(4, 4, 6), new TensorShape(4, 2, 2), new TensorShape(4, 2, 2), new TensorShape(4, 1, 2) },
                net.LayerRows.Select(r => r.Output));

            using var scope = NewDisposeScope();
            var x = randn(2, 3, 9, 12);
            var sd = net.state_dict();
            var y = nn.functional.max_pool2d(x, new long[] { 3, 1 }, new long[] { 2, 2 });
            y = nn.functional.conv2d(y, sd["b.weight"], sd["b.bias"]);
            y = nn.functional.avg_pool2d(y, new long[] { 1, 3 }, new long[] { 1, 1 }, new long[] { 0, 1 });
            y = nn.functional.max_pool2d(y, new long[] { 2, 3 }, new long[] { 2, 3 });
            y = nn.functional.avg_pool2d(nn.functional.conv2d(y, sd["d.weight"], sd["d.bias"]), new long[] { 2, 1 }, new long[] { 2, 1 }, ceil_mode: true);
            net.eval();
            using (no_grad())
            {
                var actual = net.forward(x);
                Assert.Equal(y.shape, actual.shape);
                Assert.True(actual.allclose(y, rtol: 1e-5, atol: 1e-5));
            }
        }

        [Fact]
        public void The_width_stride_defaults_to_the_stride_then_to_the_windows_width()
        {
            Assert.Equal(3, new MaxPoolArgs { Kernel = 2, KernelW = 3 }.StrideWidth);
            Assert.Equal(2, new MaxPoolArgs { Kernel = 2, KernelW = 3, Stride = 2 }.StrideWidth);
            Assert.Equal(1, new MaxPoolArgs { Kernel = 2, KernelW = 3, Stride = 2, StrideW = 1 }.StrideWidth);
            Assert.False(new MaxPoolArgs { Kernel = 2, KernelW = 2, PaddingW = 0 }.IsRectangular);
            var window = MaxPoolKind.Instance.WindowsFor(new MaxPoolArgs { Kernel = 3, KernelW = 1, Stride = 2, Padding = 1, PaddingW = 0 }, new TensorShape(1, 8, 8), new TensorShape(1, 4, 4))!.Value;
            Assert.Equal((3, 2, 1), (window.H.Kernel, window.H.Stride, window.H.Padding));
            Assert.Equal((1, 2, 0), (window.W.Kernel, window.W.Stride, window.W.Padding));
        }

        [Fact]
        public void A_width_padding_over_half_the_windows_width_is_ND0013_at_PaddingW()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Net { [MaxPool(3, KernelW = 1, PaddingW = /*ND0013*/1)] Layer pool; }");
            Assert.Equal("pool: MaxPool2d PaddingW = 1 must be between 0 and half the window's width (1); reduce the padding.", message);
            Assert.Equal("1", span);
        }

        [Fact]
        public void A_window_wider_than_the_map_is_ND0007_with_both_sides_written()
        {
            var (message, _) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x2"")]
public partial class Net { [AvgPool(1, KernelW = /*ND0007*/3)] Layer pool; }");
            Assert.StartsWith("pool: AvgPool2d output would be 3x8x0 for input 3x8x2 (kernel 1x3, stride 1x3, padding 0x0)", message);
        }
    }
}
