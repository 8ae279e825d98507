using NetDsl.Shapes;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// The inference path (<see cref="Network.ForInference"/>) against the training-mode network's eval output on
    /// families that fold differently: ResNet (member pairs and projection Sequentials), DenseNet (BatchNorm before
    /// the convolution: only conv1→norm2 folds, the rest run), MobileNet/EfficientNet (squeeze-excite convolutions,
    /// depthwise groups), GoogLeNet (auxiliary heads dropped), U-Net (segmentation, concat skips) and LR-ASPP (forward
    /// split at a tap inside the backbone). fp32 within 1e-5 of the largest output; bf16 within 3e-2 (bf16 keeps 8
    /// mantissa bits: ~4e-3 per op, measured 4-5e-3 end to end).
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class InferencePathTests
    {
        static readonly TensorShape Small = new TensorShape(3, 64, 64);

        [Theory]
        [InlineData("resnet18", 20)]            // all 20: stem, 16 in blocks, 3 projections
        [InlineData("densenet121", 59)]         // conv0→norm0 and each layer's conv1→norm2; 62 norm-before-conv stay
        [InlineData("mobilenet_v3_small", 34)]
        [InlineData("efficientnet_b0", 49)]
        [InlineData("googlenet", 59)]           // every BasicConv2d, the auxiliary heads' two included (prepared, never run)
        [InlineData("unet_padded", 18)]
        [InlineData("lraspp_mobilenet_v3_large", 47)]   // the backbone's 46 run child by child (split at the backbone.4 tap), and cbr's
        public void MatchesTheEvalOutputInFp32AndBf16(string name, int folded)
        {
            using var scope = NewDisposeScope();
            manual_seed(11);
            using var net = Zoo.Entry(name).Create(Small);
            net.train();
            using (no_grad())   // running statistics away from their initial 0/1, so folding has something to fold
                for (int i = 0; i < 2; i++)
                {
                    using var factor = (1.0 + i).ToScalar();
                    net.forward(randn(4, 3, 64, 64).mul(factor));
                }
            net.eval();
            var x = randn(2, 3, 64, 64);
            Tensor expected;
            using (no_grad()) expected = net.forward(x);

            using var fp32 = net.ForInference();
            Assert.Equal(folded, fp32.FoldedNorms);
            Assert.True(Relative(fp32.forward(x), expected) < 1e-5, $"{name}: fp32 inference path differs by {Relative(fp32.forward(x), expected):E2}");

            using var bf16 = net.ForInference(Precision.Bf16Mixed);
            double rel = Relative(bf16.forward(x), expected);
            Assert.True(rel < 3e-2, $"{name}: bf16 inference path differs by {rel:E2}");
            Assert.True(rel > 0, $"{name}: bf16 gave exactly the fp32 output: nothing ran in bf16");
        }

        static double Relative(Tensor actual, Tensor expected) =>
            actual.sub(expected).abs().max().item<float>() / System.Math.Max(1e-12, expected.abs().max().item<float>());
    }
}
