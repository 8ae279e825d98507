using System;
using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// Convolution kernels cut to the taps that reach the input (<see cref="KernelTrim"/>): which taps are live, and that
    /// the cut convolution computes what the full one does, output and gradients, for single layers and a whole
    /// network in training, bf16-mixed and inference.
    /// </summary>
    public class KernelTrimTests
    {
        static double Relative(Tensor actual, Tensor expected) => MixedPrecisionTests.Relative(actual.to(ScalarType.Float32), expected.to(ScalarType.Float32));

        [Theory]
        // size, kernel, stride, padding, dilation → first live tap, live taps, padding after (-1: nothing cut)
        [InlineData(1, 3, 1, 1, 1, 1, 1, 0)]    // a 3x3 at 1x1: the centre
        [InlineData(2, 3, 2, 1, 1, 1, 2, 0)]    // strided from 2x2 to 1x1: the lower two
        [InlineData(2, 3, 1, 1, 1, -1, 0, 0)]   // a 3x3 at 2x2: every tap reaches the map
        [InlineData(4, 3, 2, 1, 1, -1, 0, 0)]   // strided from 4x4: every tap
        [InlineData(2, 5, 1, 2, 1, 1, 3, 1)]    // a 5-tap at 2: the middle three
        [InlineData(1, 7, 1, 3, 1, 3, 1, 0)]    // a 7-tap at 1: the centre
        [InlineData(1, 3, 1, 2, 2, 1, 1, 0)]    // dilated by 2 at 1: the centre
        [InlineData(3, 3, 1, 0, 1, -1, 0, 0)]   // no padding: nothing to cut
        public void TheLiveTapsAreThoseThatReachTheInputAtSomeOutputPosition(long size, long kernel, long stride, long padding, long dilation,
            long first, long taps, long paddingAfter)
        {
            var trim = KernelTrim.For(new[] { 2L, 8, size, 16 }, new[] { 8L, 8, kernel, 1 }, new[] { stride, 1 }, new[] { padding, 0 }, new[] { dilation, 1 });
            if (first < 0) { Assert.Null(trim); return; }
            var axis = Assert.NotNull(trim).Height;
            Assert.Equal((first, taps, paddingAfter), (axis.First, axis.Taps, axis.Padding));
            Assert.Equal(axis.OutputBefore, axis.Output);
            Assert.Equal(new[] { 0L, 1, 16, 16 }, new[] { trim.Value.Width.First, trim.Value.Width.Taps, trim.Value.Width.Output, trim.Value.Width.OutputBefore });
        }

        // The same run with every kernel kept whole (the flag is per thread).
        static T WithFullKernels<T>(Func<T> run)
        {
            KernelTrim.Disabled = true;
            try { return run(); }
            finally { KernelTrim.Disabled = false; }
        }

        [Theory]
        [InlineData(1, 1, 3, 3, 1, 1, 1, 1)]
        [InlineData(2, 2, 3, 3, 2, 1, 1, 1)]
        [InlineData(1, 1, 5, 5, 1, 2, 1, 8)]     // depthwise
        [InlineData(2, 3, 5, 3, 1, 2, 1, 1)]     // a rectangular kernel on a rectangular map, cut on one axis
        [InlineData(1, 2, 3, 3, 1, 2, 2, 2)]     // dilated, grouped
        [InlineData(2, 2, 3, 3, 2, 1, 1, 1, 256)]   // wide and strided: the cut 2x2 kernel takes the bf16 small-map path
        public void TheCutConvolutionComputesTheFullOnesOutputAndGradients(int height, int width, int kh, int kw, int stride, int padding, int dilation, int groups,
            int channels = 8)
        {
            using var scope = NewDisposeScope();
            random.manual_seed(height * 100 + kh * 10 + groups);
            var conv = nn.Conv2d(channels, channels, (kh, kw), stride: (stride, stride), padding: (padding, padding), dilation: (dilation, dilation), groups: groups);
            var x = randn(3, channels, height, width);
            Assert.NotNull(KernelTrim.For(x.shape, conv.weight!.shape, conv.stride, conv.padding, conv.dilation));
            foreach (var mode in new[] { null, ComputeMode.For(Precision.Bf16Mixed) })
            {
                (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db) Run()
                {
                    conv.zero_grad();
                    var input = x.clone().requires_grad_(true);
                    Tensor y;
                    using (Compute.Use(mode)) y = Compute.Conv(conv, input);
                    y.to(ScalarType.Float32).square().sum().backward();
                    return (y.detach(), input.grad!, conv.weight!.grad!.clone(), conv.bias!.grad!.clone());
                }
                var cut = Run();
                var full = WithFullKernels(Run);
                double tolerance = mode == null ? 1e-5 : 1.5e-2;
                Assert.Equal(full.Y.shape, cut.Y.shape);
                Assert.True(Relative(cut.Y, full.Y) < tolerance, $"{mode?.LowPrecision} output differs by {Relative(cut.Y, full.Y):E2}");
                Assert.True(Relative(cut.Dx, full.Dx) < tolerance, $"input gradient differs by {Relative(cut.Dx, full.Dx):E2}");
                Assert.True(Relative(cut.Dw, full.Dw) < tolerance, $"weight gradient differs by {Relative(cut.Dw, full.Dw):E2}");
                Assert.True(Relative(cut.Db, full.Db) < tolerance, $"bias gradient differs by {Relative(cut.Db, full.Db):E2}");
            }
        }
    
        [Fact]
        public void ANetworkDownTo1x1TrainsAndInfersAsWithFullKernels()
        {
            using var scope = NewDisposeScope();
            random.manual_seed(7);
            TinyMapNet model;
            using (Network.BuildAt(new TensorShape(4, 4, 4))) model = new TinyMapNet();
            using var _ = model;
            var x = randn(6, 4, 4, 4);
            model.train();
            using (no_grad())
            {
                using var held = new ScalarScope();
                model.forward(x.mul(held[2L])).Dispose();   // running statistics away from 0/1
            }

            foreach (var precision in new[] { Precision.Fp32, Precision.Bf16Mixed })
            {
                model.Precision = precision;
                (Tensor Y, Tensor[] Grads) Step()
                {
                    model.zero_grad();
                    var y = model.forward(x);
                    y.square().mean().backward();
                    return (y.detach(), model.parameters().Select(p => p.grad!.clone()).ToArray());
                }
                // Train mode updates the running statistics: each run from the same ones.
                var state = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
                var cut = Step();
                model.load_state_dict(state);
                var full = WithFullKernels(Step);
                double tolerance = precision == Precision.Fp32 ? 1e-5 : 2e-2;
                Assert.True(Relative(cut.Y, full.Y) < tolerance, $"{precision}: output differs by {Relative(cut.Y, full.Y):E2}");
                for (int i = 0; i < cut.Grads.Length; i++)
                    Assert.True(Relative(cut.Grads[i], full.Grads[i]) < tolerance, $"{precision}: gradient {i} differs by {Relative(cut.Grads[i], full.Grads[i]):E2}");
            }

            model.Precision = Precision.Fp32;
            model.eval();
            Tensor expected;
            using (no_grad()) expected = WithFullKernels(() => model.forward(x));
            using var inference = model.ForInference();
            Assert.True(Relative(inference.forward(x), expected) < 1e-5);
        }
    }
}
