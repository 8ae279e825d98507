using System;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// Convolutions routed around wrong kernels (<see cref="SafeConvolution"/>, on where <see cref="ConvKernelCheck"/>
    /// finds this machine's kernels wrong): zero-padded to full 16-channel blocks (an even count of them for a strided
    /// input gradient, per group for grouped ones) they give the unpadded convolution's output and gradients, checked
    /// against unfold + matmul, which uses no convolution kernel; channels-last inputs run in NCHW storage.
    /// </summary>
    [Collection("SafeConvolution")]   // Forced is process-wide
    public class SafeConvolutionTests
    {
        static double Relative(Tensor actual, Tensor expected) => MixedPrecisionTests.Relative(actual, expected);

        [Theory]
        [InlineData(3, 8, true)]
        [InlineData(3, 64, false)]
        [InlineData(16, 8, true)]
        [InlineData(24, 16, true)]
        [InlineData(8, 6, true)]
        [InlineData(16, 32, true)]
        [InlineData(48, 16, true)]    // three blocks: a strided input gradient wants an even count
        [InlineData(80, 64, true)]
        [InlineData(264, 8, true)]    // off a block and then odd (RegNetY-128GF's group width)
        public void PaddedConvolutionsGiveTheUnpaddedOutputAndGradients(int inChannels, int outChannels, bool inputNeedsGrad)
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            random.manual_seed(inChannels * 100 + outChannels);
            var x = randn(2, inChannels, 9, 9);
            var w = randn(outChannels, inChannels, 3, 3).mul(held[0.2]);
            var b = randn(outChannels);
            var upstream = randn(2, outChannels, 5, 5);
            var stride = new long[] { 2, 2 };
            var padding = new long[] { 1, 1 };

            var xa = x.clone().requires_grad_(inputNeedsGrad); var wa = w.clone().requires_grad_(true); var ba = b.clone().requires_grad_(true);
            SafeConvolution.Forced = true;
            try { SafeConvolution.Conv2d(xa, wa, ba, stride, padding, null, 1).mul(upstream).sum().backward(); }
            finally { SafeConvolution.Forced = null; }

            var xb = x.clone().requires_grad_(inputNeedsGrad); var wb = w.clone().requires_grad_(true); var bb = b.clone().requires_grad_(true);
            var columns = nn.functional.unfold(xb, 3, padding: 1, stride: 2);   // [2, in*9, 25]
            var reference = wb.reshape(outChannels, inChannels * 9).matmul(columns).reshape(2, outChannels, 5, 5).add(bb.reshape(1, outChannels, 1, 1), alpha: Scalars.One);
            reference.mul(upstream).sum().backward();

            Assert.True(Relative(wa.grad!, wb.grad!) < 1e-4, $"weight gradient differs by {Relative(wa.grad!, wb.grad!):E2}");
            Assert.True(Relative(ba.grad!, bb.grad!) < 1e-4, $"bias gradient differs by {Relative(ba.grad!, bb.grad!):E2}");
            if (inputNeedsGrad) Assert.True(Relative(xa.grad!, xb.grad!) < 1e-4, $"input gradient differs by {Relative(xa.grad!, xb.grad!):E2}");
            using var noGrad = no_grad();
            SafeConvolution.Forced = true;
            try
            {
                var y = SafeConvolution.Conv2d(x, w, b, stride, padding, null, 1);
                Assert.Equal(new long[] { 2, outChannels, 5, 5 }, y.shape);
                Assert.True(Relative(y, reference.detach()) < 1e-4, $"output differs by {Relative(y, reference.detach()):E2}");
            }
            finally { SafeConvolution.Forced = null; }
        }

        static double NormRelative(Tensor actual, Tensor expected) =>
            actual.to(ScalarType.Float32).sub(expected).norm().item<float>() / Math.Max(1e-6, expected.norm().item<float>());

        /// <summary>
        /// Grouped convolutions, strided and not, in fp32 and bf16: each group's input channels padded (to a full block,
        /// then to an even count of blocks when strided) give the unpadded convolution's output and gradients, checked
        /// against a per-group unfold + matmul in fp32. bf16 is held to its rounding (2% of the gradient's norm).
        /// </summary>
        [Theory]
        [InlineData(24, 2, 2, false)]
        [InlineData(24, 2, 1, true)]
        [InlineData(40, 2, 2, false)]
        [InlineData(48, 3, 2, false)]
        [InlineData(56, 2, 2, true)]
        [InlineData(264, 2, 2, false)]
        [InlineData(264, 2, 2, true)]
        public void PaddedGroupedConvolutionsGiveTheUnpaddedOutputAndGradients(int channelsPerGroup, int groups, int strideSize, bool bf16)
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            random.manual_seed(channelsPerGroup * 10 + groups + strideSize);
            long c = channelsPerGroup * groups, side = strideSize == 2 ? 4 : 8;
            var x = randn(4, c, 8, 8);
            var w = randn(c, channelsPerGroup, 3, 3).mul(held[0.05]);
            var upstream = randn(4, c, side, side);
            var stride = new long[] { strideSize, strideSize };
            var padding = new long[] { 1, 1 };
            var type = bf16 ? ScalarType.BFloat16 : ScalarType.Float32;

            var xa = x.to(type).detach().requires_grad_(true); var wa = w.to(type).detach().requires_grad_(true);
            SafeConvolution.Forced = true;
            Tensor y;
            try { y = SafeConvolution.Conv2d(xa, wa, null, stride, padding, null, groups); y.mul(upstream.to(type)).sum().backward(); }
            finally { SafeConvolution.Forced = null; }

            var xb = x.clone().requires_grad_(true); var wb = w.clone().requires_grad_(true);
            var columns = nn.functional.unfold(xb, 3, padding: 1, stride: strideSize).reshape(4, groups, channelsPerGroup * 9, side * side);
            var reference = wb.reshape(groups, channelsPerGroup, channelsPerGroup * 9).matmul(columns).reshape(4, c, side, side);
            reference.mul(upstream).sum().backward();

            double limit = bf16 ? 2e-2 : 1e-5;
            Assert.True(NormRelative(y.detach(), reference.detach()) < limit, $"output differs by {NormRelative(y.detach(), reference.detach()):E2}");
            Assert.True(NormRelative(xa.grad!, xb.grad!) < limit, $"input gradient differs by {NormRelative(xa.grad!, xb.grad!):E2}");
            Assert.True(NormRelative(wa.grad!, wb.grad!) < limit, $"weight gradient differs by {NormRelative(wa.grad!, wb.grad!):E2}");
        }

        [Theory]
        [InlineData(8)]
        [InlineData(48)]   // three blocks: a strided transposed convolution's output wants an even count
        public void TransposedConvolutionsPaddedGiveTheUnpaddedOutput(int outChannels)
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            random.manual_seed(11 + outChannels);
            var x = randn(2, 24, 5, 5).requires_grad_(true);
            var w = randn(24, outChannels, 2, 2).mul(held[0.2]);
            var stride = new long[] { 2, 2 };
            SafeConvolution.Forced = true;
            Tensor padded;
            try { padded = SafeConvolution.ConvTranspose2d(x, w, null, stride, null, null, null, 1); }
            finally { SafeConvolution.Forced = null; }
            // A stride-2, 2x2 transposed convolution writes each input pixel's 2x2 patch: w^T x per pixel, rearranged.
            var patches = w.reshape(24, outChannels * 4).t().matmul(x.reshape(2, 24, 25));          // [2, out*4, 25]
            var reference = patches.reshape(2, outChannels, 2, 2, 5, 5).permute(0, 1, 4, 2, 5, 3).reshape(2, outChannels, 10, 10);
            Assert.True(Relative(padded, reference) < 1e-4, $"transposed output differs by {Relative(padded, reference):E2}");
        }

        [Theory]
        [InlineData(24)]
        [InlineData(48)]   // three blocks: the strided input gradient wants an even count
        public void StridedOneDimensionalConvolutionsGiveTheUnpaddedGradients(int inChannels)
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            random.manual_seed(21 + inChannels);
            var x = randn(2, inChannels, 16);
            var w = randn(32, inChannels, 3).mul(held[0.2]);
            var xa = x.clone().requires_grad_(true); var wa = w.clone().requires_grad_(true);
            SafeConvolution.Forced = true;
            Tensor y;
            try { y = SafeConvolution.Conv1d(xa, wa, null, 2, 1, 1, 1); }
            finally { SafeConvolution.Forced = null; }
            // The sequence as a one-row image: unfold takes each stride-2 window of 3, the weight mixes it.
            var xb = x.clone().requires_grad_(true); var wb = w.clone().requires_grad_(true);
            var columns = nn.functional.unfold(xb.unsqueeze(2), (1L, 3L), padding: (0L, 1L), stride: (1L, 2L));
            var reference = wb.reshape(32, inChannels * 3).matmul(columns).reshape(2, 32, 8);
            Assert.True(Relative(y, reference) < 1e-5, $"output differs by {Relative(y, reference):E2}");
            var upstream = randn(2, 32, 8);
            y.mul(upstream).sum().backward();
            reference.mul(upstream).sum().backward();
            Assert.True(Relative(xa.grad!, xb.grad!) < 1e-4, $"input gradient differs by {Relative(xa.grad!, xb.grad!):E2}");
            Assert.True(Relative(wa.grad!, wb.grad!) < 1e-4, $"weight gradient differs by {Relative(wa.grad!, wb.grad!):E2}");
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void StridedOneByOneConvolutionsGiveTheStridedOutputAndGradients(int pad)
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            random.manual_seed(8 + pad);
            var x = randn(2, 24, 7, 7);
            var w = randn(40, 24, 1, 1).mul(held[0.2]);
            var b = randn(40);
            var xa = x.clone().requires_grad_(true); var wa = w.clone().requires_grad_(true);
            SafeConvolution.Forced = true;
            Tensor y;
            try { y = SafeConvolution.Conv2d(xa, wa, b, new long[] { 2, 2 }, new long[] { pad, pad }, null, 1); }
            finally { SafeConvolution.Forced = null; }
            // Every second pixel of the zero-padded input, mixed by the 1x1 weight: a matmul, no convolution kernel.
            var xb = x.clone().requires_grad_(true); var wb = w.clone().requires_grad_(true);
            var picked = nn.functional.pad(xb, new long[] { pad, pad, pad, pad })[.., .., TensorIndex.Slice(null, null, 2), TensorIndex.Slice(null, null, 2)];
            long side = picked.shape[2];
            var reference = wb.reshape(40, 24).matmul(picked.reshape(2, 24, side * side)).reshape(2, 40, side, side).add(b.reshape(1, 40, 1, 1), alpha: Scalars.One);
            Assert.Equal(reference.shape, y.shape);
            Assert.True(Relative(y, reference) < 1e-5, $"output differs by {Relative(y, reference):E2}");
            var upstream = randn(reference.shape);
            y.mul(upstream).sum().backward();
            reference.mul(upstream).sum().backward();
            Assert.True(Relative(xa.grad!, xb.grad!) < 1e-5, $"input gradient differs by {Relative(xa.grad!, xb.grad!):E2}");
            Assert.True(Relative(wa.grad!, wb.grad!) < 1e-5, $"weight gradient differs by {Relative(wa.grad!, wb.grad!):E2}");
        }

        [Fact]
        public void ChannelsLastConvolutionsRunInNchwStorage()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var held = new ScalarScope();
            random.manual_seed(5);
            var x = randn(2, 32, 8, 8);
            var w = randn(64, 32, 3, 3).mul(held[0.2]);
            var padding = new long[] { 1, 1 };
            var expected = nn.functional.conv2d(x, w, null, null, padding);
            var (xl, wl) = (MemoryLayout.ChannelsLast(x), MemoryLayout.ChannelsLast(w));
            Assert.True(MemoryLayout.IsChannelsLast(xl) && !xl.is_contiguous());
            SafeConvolution.Forced = true;
            try
            {
                var y = SafeConvolution.Conv2d(xl, wl, null, null, padding, null, 1);
                Assert.True(y.is_contiguous(), "the convolution ran on channels-last storage");   // oneDNN keeps its input's layout
                Assert.True(Relative(y, expected) < 1e-5, $"output differs by {Relative(y, expected):E2}");
            }
            finally { SafeConvolution.Forced = null; }
        }

        [Fact]
        public void PaddingIsOnExactlyWhereTheProbeFindsTheKernelsWrong()
        {
            using (no_grad()) Assert.Equal(ConvKernelCheck.HostIsFaulty, SafeConvolution.Active);   // the probe's backward runs under no_grad too
            Assert.Equal(ConvKernelCheck.HostIsFaulty, SafeConvolution.Active);
            Assert.Contains("convolution probe: fp32 input gradient", ConvKernelCheck.Describe());
            var (fp32, bf16) = ConvKernelCheck.ProbeErrors;
            if (!ConvKernelCheck.HostIsFaulty) Assert.InRange(bf16, 1e-5, 0.05);   // bf16 rounding shows, nothing worse
            else Assert.False(fp32 < 0.05 && bf16 < 0.05);
        }
    }
}
