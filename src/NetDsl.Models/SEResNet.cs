using NetDsl;

namespace NetDsl.Zoo.Models;

// SE-ResNet (Hu et al., 2018): ResNet-50's bottleneck with squeeze-and-excitation (reduction 16) on its
// output before the add, named as in the authors' reference implementation (se_module.fc1/fc2).
// Published size of se_resnet50: 28,088,024 parameters.

/// <summary>The ResNet bottleneck, its output rescaled per channel by squeeze-excite before the shortcut add.</summary>
[Block, Residual(Projection = "downsample", After = Act.ReLU), SqueezeExcite(16, Name = "se_module")]
public partial class SEBottleneck(int planes, int stride = 1)
{
    [Conv(nameof(planes), 1, Bias = false)]                                       Layer conv1;
    [BatchNorm, ReLU]                                                             Layer bn1;
    [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv2;
    [BatchNorm, ReLU]                                                             Layer bn2;
    [Conv("planes * 4", 1, Bias = false)]                                         Layer conv3;
    [BatchNorm]                                                                   Layer bn3;
}

/// <summary>SE-ResNet-50: ResNet-50's stem and stages built from <see cref="SEBottleneck"/>.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.7, Recipe = "Hu et al.: SGD 0.6 (batch 1024), momentum 0.9, 100 epochs; here as the ResNet-50 card (AdamW)")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, ZeroInitResidual = true)]
[Network(Input = "3x224x224", Name = "se_resnet50")]
public partial class SEResNet50(int classes = 1000)
{
    [Conv(64, 7, Stride = 2, Padding = 3, Bias = false)]   Layer conv1;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)] Layer bn1;
    [Repeat(3, typeof(SEBottleneck), 64)]                         Layer layer1;
    [Repeat(4, typeof(SEBottleneck), 128, First = "stride: 2")] Layer layer2;
    [Repeat(6, typeof(SEBottleneck), 256, First = "stride: 2")] Layer layer3;
    [Repeat(3, typeof(SEBottleneck), 512, First = "stride: 2")] Layer layer4;
    [GlobalAvgPool, Flatten]                               Layer avgpool;
    [Linear(nameof(classes))]                              Layer fc;
}
