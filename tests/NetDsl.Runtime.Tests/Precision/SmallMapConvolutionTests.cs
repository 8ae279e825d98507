using System;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// bf16 convolutions on small maps, their weight gradient as one GEMM (<see cref="SmallMapConvolution"/>): output
    /// and all three gradients against the same convolution in fp32 of the bf16-rounded values, written as unfold +
    /// matmul (no convolution kernel), for strides, paddings, dilations and non-square kernels; and which
    /// convolutions take the path.
    /// </summary>
    public class SmallMapConvolutionTests
    {
        static double Relative(Tensor actual, Tensor expected) => MixedPrecisionTests.Relative(actual.to(ScalarType.Float32), expected);

        // bf16 operands, products accumulated in fp32 and rounded once to bf16 (2^-8 relative): 1.5% of the largest value.
        const double Bf16Tolerance = 1.5e-2;

        [Theory]
        [InlineData(4, 4, 3, 3, 1, 1, 1, true)]     // a 3x3 at 4x4 (off the size rule: the function itself)
        [InlineData(2, 2, 3, 3, 1, 1, 1, false)]    // at 2x2, the input needing no gradient (a stem)
        [InlineData(1, 1, 3, 3, 1, 1, 1, true)]     // at 1x1: all but the centre tap in the padding
        [InlineData(8, 8, 3, 3, 2, 1, 1, true)]     // strided, 8x8 to 4x4
        [InlineData(7, 7, 3, 3, 2, 1, 1, true)]     // strided with a row and column the last window leaves out
        [InlineData(5, 5, 1, 1, 2, 0, 1, true)]     // a strided 1x1 projection
        [InlineData(6, 6, 3, 3, 1, 2, 2, true)]     // dilated
        [InlineData(3, 5, 1, 3, 1, 1, 1, true)]     // a 1x3 kernel on a 3x5 map (padding 1 on both axes: 5x5 output)
        [InlineData(4, 4, 1, 1, 2, 0, 1, true, 512, 1024)]   // ResNet-50's layer4 downsample: oneDNN's strided 1x1 backward-data crashed there
        public void OutputAndGradientsMatchTheConvolutionInFp32(int height, int width, int kh, int kw, int stride, int padding, int dilation, bool inputNeedsGrad,
            int inChannels = 32, int outChannels = 16)
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            random.manual_seed(height * 1000 + width * 100 + kh * 10 + stride);
            const int batch = 3;
            var x = randn(batch, inChannels, height, width).to(ScalarType.BFloat16);
            var w = randn(outChannels, inChannels, kh, kw).mul(held[0.1]).to(ScalarType.BFloat16);
            var b = randn(outChannels).to(ScalarType.BFloat16);
            var s = new long[] { stride, stride };
            var p = new long[] { padding, padding };
            var d = new long[] { dilation, dilation };

            var xa = x.clone().requires_grad_(inputNeedsGrad); var wa = w.clone().requires_grad_(true); var ba = b.clone().requires_grad_(true);
            var y = SmallMapConvolution.Conv2d(xa, wa, ba, s, p, d);
            long oh = y.shape[2], ow = y.shape[3];
            var upstream = randn(batch, outChannels, oh, ow);
            y.backward(new[] { upstream.to(ScalarType.BFloat16) });

            var xb = x.to(ScalarType.Float32).requires_grad_(inputNeedsGrad);
            var wb = w.to(ScalarType.Float32).requires_grad_(true);
            var bb = b.to(ScalarType.Float32).requires_grad_(true);
            var columns = nn.functional.unfold(xb, (kh, kw), (dilation, dilation), (padding, padding), (stride, stride));
            var reference = wb.reshape(outChannels, -1).matmul(columns).reshape(batch, outChannels, oh, ow).add(bb.reshape(1, outChannels, 1, 1), alpha: Scalars.One);
            Assert.Equal(reference.shape, y.shape);
            reference.backward(new[] { upstream.to(ScalarType.BFloat16).to(ScalarType.Float32) });

            Assert.Equal(ScalarType.BFloat16, y.dtype);
            Assert.True(Relative(y, reference.detach()) < Bf16Tolerance, $"output differs by {Relative(y, reference.detach()):E2}");
            Assert.True(Relative(wa.grad!, wb.grad!) < Bf16Tolerance, $"weight gradient differs by {Relative(wa.grad!, wb.grad!):E2}");
            Assert.True(Relative(ba.grad!, bb.grad!) < Bf16Tolerance, $"bias gradient differs by {Relative(ba.grad!, bb.grad!):E2}");
            if (inputNeedsGrad) Assert.True(Relative(xa.grad!, xb.grad!) < Bf16Tolerance, $"input gradient differs by {Relative(xa.grad!, xb.grad!):E2}");
            else Assert.Null(xa.grad);
        }

        [Fact]
        public void WideBf16ConvolutionsOnSmallMapsWhoseWeightNeedsAGradientTakeThePath()
        {
            using var scope = NewDisposeScope();
            Tensor Low(params long[] shape) => randn(shape).to(ScalarType.BFloat16);
            var w = Low(256, 256, 3, 3).requires_grad_(true);
            var pad = new long[] { 1, 1 };
            bool Applies(Tensor x, Tensor weight, long stride = 1, long groups = 1) =>
                SmallMapConvolution.Applies(x, weight, new[] { stride, stride }, pad, null, groups);

            Assert.True(Applies(Low(8, 256, 2, 2), w));                 // 4 positions
            Assert.True(Applies(Low(8, 256, 1, 1), w));
            Assert.True(Applies(Low(8, 256, 4, 4), w, stride: 2));      // 4x4 strided to 2x2
            Assert.False(Applies(Low(8, 256, 4, 4), w));                // 16 positions: oneDNN's kernel is as fast
            Assert.False(Applies(Low(8, 128, 2, 2), Low(32, 128, 3, 3).requires_grad_(true)));   // narrow (DenseNet's 128→32)
            Assert.False(Applies(Low(8, 256, 2, 2), Low(512, 256, 1, 1).requires_grad_(true)));  // 1x1: a GEMM in oneDNN already
            Assert.False(Applies(randn(8, 256, 2, 2), w.detach().to(ScalarType.Float32).requires_grad_(true)));   // fp32
            Assert.False(Applies(Low(8, 256, 2, 2), w.detach()));       // no weight gradient (inference)
            Assert.False(Applies(Low(8, 256, 2, 2), Low(256, 128, 3, 3).requires_grad_(true), groups: 2));
            Assert.False(Applies(Low(8, 264, 2, 2), Low(264, 264, 3, 3).requires_grad_(true)));  // off a 16-channel block
            using (no_grad()) Assert.False(Applies(Low(8, 256, 2, 2), w));
        }

        [Fact]
        public void AConvMemberInMixedPrecisionTrainsThroughIt()
        {
            // A 256-channel Conv2d on a 2x2 map under bf16-mixed (the path), as a generated forward calls it: the fp32
            // master weight gets the gradient of the fp32 convolution within bf16 rounding, and its bias too.
            using var scope = NewDisposeScope();
            random.manual_seed(7);
            var conv = nn.Conv2d(256, 256, 3, padding: 1);
            var x = randn(4, 256, 2, 2);
            var upstream = randn(4, 256, 2, 2);
            using (Compute.Use(ComputeMode.For(Precision.Bf16Mixed)))
            {
                var y = Compute.Conv(conv, x);
                Assert.Equal(ScalarType.Float32, y.dtype);   // computed in bf16, handed on in fp32
                y.to(ScalarType.Float32).mul(upstream).sum().backward();
            }
            var (lowWeight, lowBias) = (conv.weight!.grad!.clone(), conv.bias!.grad!.clone());
            Assert.Equal(ScalarType.Float32, lowWeight.dtype);

            conv.zero_grad();
            var columns = nn.functional.unfold(x.to(ScalarType.BFloat16).to(ScalarType.Float32), 3, padding: 1);
            var weight = conv.weight!.to(ScalarType.BFloat16).to(ScalarType.Float32);
            weight.retain_grad();
            var bias = conv.bias!.to(ScalarType.BFloat16).to(ScalarType.Float32);
            weight.reshape(256, -1).matmul(columns).reshape(4, 256, 2, 2).add(bias.reshape(1, 256, 1, 1), alpha: Scalars.One).mul(upstream).sum().backward();
            Assert.True(Relative(lowWeight, conv.weight!.grad!) < Bf16Tolerance, $"weight gradient differs by {Relative(lowWeight, conv.weight!.grad!):E2}");
            Assert.True(Relative(lowBias, conv.bias!.grad!) < Bf16Tolerance, $"bias gradient differs by {Relative(lowBias, conv.bias!.grad!):E2}");
        }
    }
}
