using NetDsl;

namespace NetDsl.Zoo.Models;

// ResNet-50 with deformable convolutions (Dai et al., 2017; Zhu et al., 2019) in its 3x3 convolutions of
// the last two stages (conv4/conv5 in the papers' naming). Each deformable layer learns its sampling
// offsets with a zero-initialised convolution (state-dict keys conv2.offset.*), so it starts as ResNet-50.

/// <summary>ResNet's bottleneck with its 3x3 convolution deformable (modulated, DCN v2).</summary>
[Block, Residual(Projection = "downsample", After = Act.ReLU)]
public partial class DeformBottleneck(int planes, int stride = 1)
{
    [Conv(nameof(planes), 1, Bias = false)]                                                          Layer conv1;
    [BatchNorm, ReLU]                                                                                Layer bn1;
    [DeformConv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false, Modulated = true)] Layer conv2;
    [BatchNorm, ReLU]                                                                                Layer bn2;
    [Conv("planes * 4", 1, Bias = false)]                                                            Layer conv3;
    [BatchNorm]                                                                                      Layer bn3;
}

/// <summary>ResNet-50 whose layer3 and layer4 use <see cref="DeformBottleneck"/>.</summary>
// 10,000 images as ResNet-50's card: 6,000 (188 steps) stayed near chance (0.227); 10,000 reach 0.51 in ~250 s.
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.35,
           Recipe = "Dai et al. / Zhu et al. fine-tune from ImageNet with SGD; here as the ResNet-50 card, small input: deformable sampling is the slow layer")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, ZeroInitResidual = true)]
[Network(Input = "3x224x224", Name = "deform_resnet50")]
public partial class DeformResNet50(int classes = 1000)
{
    [Conv(64, 7, Stride = 2, Padding = 3, Bias = false)]   Layer conv1;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)] Layer bn1;
    [Repeat(3, typeof(Bottleneck), 64)]                             Layer layer1;
    [Repeat(4, typeof(Bottleneck), 128, First = "stride: 2")]       Layer layer2;
    [Repeat(6, typeof(DeformBottleneck), 256, First = "stride: 2")] Layer layer3;
    [Repeat(3, typeof(DeformBottleneck), 512, First = "stride: 2")] Layer layer4;
    [GlobalAvgPool, Flatten]                               Layer avgpool;
    [Linear(nameof(classes))]                              Layer fc;
}
