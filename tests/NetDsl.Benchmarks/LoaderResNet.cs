using NetDsl;

namespace NetDsl.Benchmarks;

// A CIFAR-sized ResNet (three stages of two basic blocks, 16/32/64 channels) for the loader benchmark:
// small enough that a CPU step is short, which makes any time the loader costs the step easy to see.

[Block, Residual(Projection = "downsample", After = Act.ReLU)]
public partial class LoaderBlock(int planes, int stride = 1)
{
    [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU]                                                             Layer bn1;
    [Conv(nameof(planes), 3, Padding = 1, Bias = false)]                          Layer conv2;
    [BatchNorm]                                                                   Layer bn2;
}

[Network(Input = "3x32x32")]
public partial class LoaderResNet(int classes = 10)
{
    [Conv(16, 3, Padding = 1, Bias = false), BatchNorm, ReLU] Layer stem;
    [Repeat(2, typeof(LoaderBlock), 16)]                        Layer layer1;
    [Repeat(2, typeof(LoaderBlock), 32, First = "stride: 2")] Layer layer2;
    [Repeat(2, typeof(LoaderBlock), 64, First = "stride: 2")] Layer layer3;
    [GlobalAvgPool, Flatten]                                  Layer pool;
    [Linear(nameof(classes))]                                 Layer fc;
}
