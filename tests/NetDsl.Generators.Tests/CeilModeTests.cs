using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetDsl;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Ceil-mode pooling follows PyTorch's pooling_output_shape: the stride - 1 is added before the sign test, so a window that
    /// overhangs a map smaller than the kernel still gives one output (torch 1.13: max_pool2d(3x2x3, 3, 2, ceil_mode=True) is 3x1x1).
    /// </summary>
    public class CeilModeTests
    {
        [Theory]
        [InlineData(2, 3, 2, 0, 1)]
        [InlineData(3, 3, 2, 0, 1)]
        [InlineData(1, 3, 2, 0, 0)]   // span + stride - 1 < 0: no window even rounding up (torch refuses it)
        [InlineData(1, 4, 3, 0, 0)]
        [InlineData(2, 4, 3, 0, 1)]
        [InlineData(5, 3, 2, 1, 3)]
        [InlineData(6, 3, 2, 0, 3)]
        [InlineData(4, 2, 2, 1, 3)]
        public void The_output_size_is_pytorchs(int size, int kernel, int stride, int padding, int expected) =>
            Assert.Equal(expected, NetDsl.Shapes.Sizes.ConvSize(size, kernel, stride, padding, 1, ceilMode: true));

        [Fact]
        public void A_ceil_mode_pool_over_a_map_smaller_than_its_window_builds_and_runs()
        {
            var run = GeneratorHarness.Run(GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo;\n"
                + "[Network(Input = \"3x2x3\")] public partial class Net { [MaxPool(3, Stride = 2, CeilMode = true)] Layer pool; [Flatten, Linear(2)] Layer fc; }");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            using var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            using var scope = NewDisposeScope();
            Assert.Equal(new long[] { 2, 2 }, net.forward(zeros(2, 3, 2, 3)).shape);
        }
    }
}
