using NetDsl;

namespace NetDsl.Zoo.Models;

// ResNet (He et al., 2015) as torchvision builds it (v1.5: the stride sits on the 3x3 convolution).

/// <summary>Two 3x3 convolutions with an identity (or projected) shortcut: ResNet-18/34.</summary>
[Block, Residual(Projection = "downsample", After = Act.ReLU)]
public partial class BasicBlock(int planes, int stride = 1)
{
    [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU]                                                             Layer bn1;
    [Conv(nameof(planes), 3, Padding = 1, Bias = false)]                          Layer conv2;
    [BatchNorm]                                                                   Layer bn2;
}

/// <summary>
/// 1x1 reduce, 3x3 (grouped for ResNeXt, dilated in segmentation backbones), 1x1 expand to planes·4, with a
/// shortcut: ResNet-50/101/152, ResNeXt (groups, baseWidth = width per group) and Wide ResNet (baseWidth 128).
/// </summary>
[Block, Residual(Projection = "downsample", After = Act.ReLU)]
public partial class Bottleneck(int planes, int stride = 1, int groups = 1, int baseWidth = 64, int dilation = 1)
{
    [Conv("planes * baseWidth / 64 * groups", 1, Bias = false)]                                Layer conv1;
    [BatchNorm, ReLU]                                                                          Layer bn1;
    [Conv("planes * baseWidth / 64 * groups", 3, Stride = nameof(stride), Padding = nameof(dilation),
          Dilation = nameof(dilation), Groups = nameof(groups), Bias = false)]                 Layer conv2;
    [BatchNorm, ReLU]                                                                          Layer bn2;
    [Conv("planes * 4", 1, Bias = false)]                                                      Layer conv3;
    [BatchNorm]                                                                                Layer bn3;
}

/// <summary>ResNet with basic blocks; d1..d4 are the blocks per stage.</summary>
[ModelCard("resnet18", Optimizer = "sgd", LearningRate = 0.005, WeightDecay = 1e-4, BatchSize = 32, Epochs = 1, TrainInput = "3x32x32",
           Metric = 0.8, Recipe = "torchvision reference: SGD 0.1 (batch 256) momentum 0.9, wd 1e-4, 90 epochs; scaled to batch 32 on the 10,000 shapes images")]
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000,
           Metric = 0.7, Recipe = "torchvision reference: SGD 0.1 (batch 256) momentum 0.9, wd 1e-4, 90 epochs; AdamW here (SGD 0.005 leaves ResNet-34 at chance in 125 steps)")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut)]
[Network(Input = "3x224x224")]
[Variant("resnet18", 2, 2, 2, 2)]
[Variant("resnet34", 3, 4, 6, 3)]
public partial class ResNetBasic(int d1, int d2, int d3, int d4, int classes = 1000)
{
    [Conv(64, 7, Stride = 2, Padding = 3, Bias = false)]   Layer conv1;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)] Layer bn1;
    [Repeat(nameof(d1), typeof(BasicBlock), 64)]                         Layer layer1;
    [Repeat(nameof(d2), typeof(BasicBlock), 128, First = "stride: 2")] Layer layer2;
    [Repeat(nameof(d3), typeof(BasicBlock), 256, First = "stride: 2")] Layer layer3;
    [Repeat(nameof(d4), typeof(BasicBlock), 512, First = "stride: 2")] Layer layer4;
    [GlobalAvgPool, Flatten]                               Layer avgpool;
    [Linear(nameof(classes))]                              Layer fc;
}

/// <summary>The bottleneck ResNet cards' recipe note (the named card differs from the unnamed one in images and floor only).</summary>
internal static class ResNetRecipes
{
    internal const string Adamw = "timm ResNet strikes back A3 (LAMB 8e-3, cosine, warm-up, wd 0.02) as AdamW; torchvision: SGD 0.1 (batch 256)";
}

// resnext101_32x8d trains on 6,000 images: its epoch of 10,000 would take about 9 of its 10 budgeted minutes on 2 cores.
// The other wide and ResNeXt-101 variants take the unnamed card's 10,000 (wide_resnet50_2: 0.61 on 6,000, 0.93 on 10,000).
/// <summary>ResNet with bottleneck blocks; d1..d4 are the blocks per stage, groups and baseWidth shape the 3x3s.</summary>
[ModelCard("resnext101_32x8d", Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2,
           BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20, TrainInput = "3x32x32", TrainImages = 6000,
           Metric = 0.5, Recipe = ResNetRecipes.Adamw)]
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.6, Recipe = ResNetRecipes.Adamw)]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, ZeroInitResidual = true)]
[Network(Input = "3x224x224")]
[Variant("resnet50", 3, 4, 6, 3)]
[Variant("resnet101", 3, 4, 23, 3)]
[Variant("resnet152", 3, 8, 36, 3)]
[Variant("resnext50_32x4d", 3, 4, 6, 3, 32, 4)]
[Variant("wide_resnet50_2", 3, 4, 6, 3, 1, 128)]
[Variant("resnext101_32x8d", 3, 4, 23, 3, 32, 8)]
[Variant("resnext101_64x4d", 3, 4, 23, 3, 64, 4)]
[Variant("wide_resnet101_2", 3, 4, 23, 3, 1, 128)]
public partial class ResNetBottleneck(int d1, int d2, int d3, int d4, int groups = 1, int baseWidth = 64, int classes = 1000)
{
    [Conv(64, 7, Stride = 2, Padding = 3, Bias = false)]                                   Layer conv1;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)]                                 Layer bn1;
    [Repeat(nameof(d1), typeof(Bottleneck), Args = "planes: 64, groups: groups, baseWidth: baseWidth")]                         Layer layer1;
    [Repeat(nameof(d2), typeof(Bottleneck), Args = "planes: 128, groups: groups, baseWidth: baseWidth", First = "stride: 2")] Layer layer2;
    [Repeat(nameof(d3), typeof(Bottleneck), Args = "planes: 256, groups: groups, baseWidth: baseWidth", First = "stride: 2")] Layer layer3;
    [Repeat(nameof(d4), typeof(Bottleneck), Args = "planes: 512, groups: groups, baseWidth: baseWidth", First = "stride: 2")] Layer layer4;
    [GlobalAvgPool, Flatten]                                                               Layer avgpool;
    [Linear(nameof(classes))]                                                              Layer fc;
}
