using NetDsl;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A residual block as the zoo's: conv→BatchNorm member pairs the inference path folds.</summary>
    [Block, Residual(After = Act.ReLU)]
    public partial class MixedBlock(int planes)
    {
        [Conv(nameof(planes), 3, Padding = 1, Bias = false)] Layer conv1;
        [BatchNorm, ReLU]                                     Layer bn1;
        [Conv(nameof(planes), 3, Padding = 1, Bias = false)] Layer conv2;
        [BatchNorm]                                           Layer bn2;
    }

    /// <summary>
    /// Generated: member pairs (conv1/bn1), a block, a Sequential member (down: conv, BatchNorm, ReLU, folded at run
    /// time), a tapped convolution (not folded: its output is also merged later) and a linear head.
    /// </summary>
    [Network(Input = "1x16x16")]
    public partial class MixedNet(int classes = 6)
    {
        [Conv(8, 3, Padding = 1, Bias = false)]                       Layer conv1;
        [BatchNorm, ReLU]                                             Layer bn1;
        [Use(typeof(MixedBlock), 8)]                                  Layer block;
        [Conv(16, 3, Stride = 2, Padding = 1), BatchNorm, ReLU]       Layer down;
        [Conv(16, 1, Bias = false)]                                   Layer mix;
        [Add(nameof(mix)), BatchNorm]                                 Layer mixbn;
        [GlobalAvgPool, Flatten, Dropout(0.2)]                        Layer pool;
        [Linear(nameof(classes))]                                     Layer fc;
    }

    /// <summary>No BatchNorm and no dropout: gradient accumulation must equal one large batch.</summary>
    [Network(Input = "1x16x16")]
    public partial class PlainNet(int classes = 6)
    {
        [Conv(8, 3, Padding = 1), ReLU, MaxPool(2)] Layer conv1;
        [Conv(16, 3, Padding = 1), ReLU]            Layer conv2;
        [GlobalAvgPool, Flatten]                    Layer pool;
        [Linear(nameof(classes))]                   Layer fc;
    }

    /// <summary>
    /// Built at 4x4 (declared at 8x8, where BatchNorm is not over 1x1 maps), maps go down to 1x1 as a 32x32 input's last
    /// stage in the zoo: a strided 3x3 from 2x2 to 1x1 (its lower-right 2x2 taps reach the input), then a residual block
    /// and a depthwise 5x5 at 1x1 (their centre taps alone), all with BatchNorm.
    /// </summary>
    [Network(Input = "4x8x8")]
    public partial class TinyMapNet(int classes = 5)
    {
        [Conv(16, 3, Padding = 1, Bias = false), BatchNorm, ReLU]              Layer stem;
        [Conv(32, 3, Stride = 2, Padding = 1, Bias = false), BatchNorm, ReLU]  Layer down1;
        [Conv(32, 3, Stride = 2, Padding = 1, Bias = false), BatchNorm, ReLU]  Layer down2;
        [Use(typeof(MixedBlock), 32)]                                          Layer block;
        [Conv(32, 5, Padding = 2, Groups = 32, Bias = false), BatchNorm, ReLU] Layer depthwise;
        [Flatten]                                                              Layer flat;
        [Linear(nameof(classes))]                                              Layer fc;
    }
}
