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
}
