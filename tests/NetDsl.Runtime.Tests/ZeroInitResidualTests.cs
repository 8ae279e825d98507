using System.Linq;
using NetDsl;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

#pragma warning disable ND0104 // tiny networks: they test the initialisation, not the depth their input needs
namespace NetDsl.Runtime.Tests
{
    /// <summary>A projected residual block closing in a BatchNorm (torchvision's BasicBlock).</summary>
    [Block, Residual(Projection = "downsample", After = Act.ReLU)]
    public partial class ZeroInitBasic(int planes, int stride = 1)
    {
        [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv1;
        [BatchNorm, ReLU]                                                             Layer bn1;
        [Conv(nameof(planes), 3, Padding = 1, Bias = false)]                          Layer conv2;
        [BatchNorm]                                                                   Layer bn2;
    }

    /// <summary>A skip only where shapes match, the branch closing in a Conv→BatchNorm Sequential (MobileNetV2's block).</summary>
    [Block, Residual(IfShapesMatch = true)]
    public partial class ZeroInitInverted(int outChannels, int stride)
    {
        [Conv("outChannels * 2", 1, Bias = false), BatchNorm, ReLU6]              Layer expand;
        [Conv(nameof(outChannels), 3, Stride = nameof(stride), Padding = 1, Bias = false), BatchNorm] Layer project;
    }

    /// <summary>A branch that ends in a convolution: nothing to zero.</summary>
    [Block, Residual]
    public partial class ZeroInitConvEnd(int channels)
    {
        [Conv(nameof(channels), 3, Padding = 1), ReLU] Layer conv1;
        [Conv(nameof(channels), 3, Padding = 1)]       Layer conv2;
    }

    /// <summary>A convolution, norm and activation (a Sequential), then a BatchNorm member: that norm is the block's last layer.</summary>
    [Block]
    public partial class ZeroInitConvActNorm(int channels)
    {
        [Conv(nameof(channels), 1, Bias = false), BatchNorm, ReLU] Layer conv;
        [BatchNorm]                                     Layer bn;
    }

    /// <summary>A branch closing in a block whose own first member is nested deeper than its last (timm's ConvNormAct order).</summary>
    [Block, Residual]
    public partial class ZeroInitNestedEnd(int channels)
    {
        [Conv(nameof(channels), 3, Padding = 1, Bias = false), BatchNorm, ReLU] Layer conv1;
        [Use(typeof(ZeroInitConvActNorm), nameof(channels))]                  Layer proj;
    }

    [WeightInit(Conv = InitRule.KaimingNormalFanOut, ZeroInitResidual = true)]
    [Network(Input = "3x16x16")]
    public partial class ZeroInitNet(int classes = 4)
    {
        [Conv(16, 3, Padding = 1, Bias = false), BatchNorm, ReLU] Layer stem;
        [Use(typeof(ZeroInitBasic), 16)]                          Layer same;
        [Use(typeof(ZeroInitBasic), 32, 2)]                       Layer down;
        [Use(typeof(ZeroInitInverted), 32, 1)]                    Layer skipped;
        [Use(typeof(ZeroInitInverted), 48, 2)]                    Layer unskipped;
        [Use(typeof(ZeroInitConvEnd), 48)]                        Layer convEnd;
        [Use(typeof(ZeroInitNestedEnd), 48)]                      Layer nestedEnd;
        [GlobalAvgPool, Flatten]                                  Layer pool;
        [Linear(nameof(classes))]                                 Layer fc;
    }

    /// <summary>The same network without the option: every BatchNorm keeps scale 1.</summary>
    [WeightInit(Conv = InitRule.KaimingNormalFanOut)]
    [Network(Input = "3x16x16")]
    public partial class NoZeroInitNet(int classes = 4)
    {
        [Conv(16, 3, Padding = 1, Bias = false), BatchNorm, ReLU] Layer stem;
        [Use(typeof(ZeroInitBasic), 16)]                          Layer same;
        [Use(typeof(ZeroInitInverted), 16, 1)]                    Layer inverted;
        [GlobalAvgPool, Flatten]                                  Layer pool;
        [Linear(nameof(classes))]                                 Layer fc;
    }

    public class ZeroInitResidualTests
    {
        static Tensor Param(nn.Module n, string name) => n.named_parameters().First(p => p.name == name).parameter;
        static float Max(Tensor t) => t.abs().max().item<float>();

        [Fact]
        public void ClosingBatchNorms_OfSkippedBranches_StartAtZero_OthersAtOne()
        {
            using var net = new ZeroInitNet();
            Assert.Equal(0f, Max(Param(net, "same.bn2.weight")));
            Assert.Equal(0f, Max(Param(net, "down.bn2.weight")));            // projected shortcut: still a residual branch
            Assert.Equal(0f, Max(Param(net, "skipped.project.1.weight")));   // the Sequential's closing norm
            Assert.Equal(1f, Param(net, "unskipped.project.1.weight").min().item<float>());   // no skip here: zeroing would cut the path
            Assert.Equal(1f, Param(net, "same.bn1.weight").min().item<float>());
            Assert.Equal(1f, Param(net, "down.downsample.1.weight").min().item<float>());     // the projection's norm is the shortcut
            Assert.Equal(1f, Param(net, "stem.1.weight").min().item<float>());
            Assert.NotEqual(0f, Max(Param(net, "convEnd.conv2.weight")));     // a branch closing in a convolution keeps its init
            // The last layer in the branch's own order, however deep its earlier members nest (TorchSharp's modules()
            // lists every child before any grandchild, so its last entry was inside proj.conv).
            Assert.Equal(0f, Max(Param(net, "nestedEnd.proj.bn.weight")));
            Assert.Equal(1f, Param(net, "nestedEnd.proj.conv.1.weight").min().item<float>());
        }

        [Fact]
        public void AZeroedBlock_StartsAsItsShortcut()
        {
            using var net = new ZeroInitNet();
            net.eval();
            var block = (nn.Module<Tensor, Tensor>)net.named_children().First(c => c.name == "same").module;
            using var x = randn(2, 16, 16, 16).relu();   // what the stem feeds it: after ReLU, so ReLU(x + 0) = x
            using var y = block.forward(x);
            Assert.True(y.allclose(x), "a block whose branch is zeroed computes ReLU(shortcut)");
        }

        [Fact]
        public void WithoutTheOption_EveryNormKeepsScaleOne()
        {
            using var net = new NoZeroInitNet();
            Assert.Equal(1f, Param(net, "same.bn2.weight").min().item<float>());
            Assert.Equal(1f, Param(net, "inverted.project.1.weight").min().item<float>());
            using var other = new NoZeroInitNet();
            Assert.Equal(2, Initialization.ResidualBranches.ZeroClosingNorms(other));   // called directly it finds both branches
            Assert.Equal(0f, Max(Param(other, "inverted.project.1.weight")));
        }
    }
}
