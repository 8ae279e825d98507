using NetDsl;

namespace NetDsl.Zoo.Models;

// MobileNetV2 (Sandler et al., 2018) as torchvision builds it: inverted residuals (1x1 expand,
// 3x3 depthwise, 1x1 linear projection) with a skip only where the shape is kept.

/// <summary>Convolution, BatchNorm, ReLU6 as an indexed Sequential (torchvision's Conv2dNormActivation).</summary>
[Block(Indexed = true)]
public partial class ConvBNReLU6(int channels, int kernel = 3, int stride = 1, int groups = 1)
{
    [Conv(nameof(channels), nameof(kernel), Stride = nameof(stride), Padding = "(kernel - 1) / 2",
          Groups = nameof(groups), Bias = false)] Layer conv;
    [BatchNorm]                                   Layer norm;
    [ReLU6]                                       Layer act;
}

/// <summary>Expand ×expand (1x1), depthwise 3x3 (groups = C), project to outChannels (1x1, linear).</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class InvertedResidual(int outChannels, int stride, int expand)
{
    [Use(typeof(ConvBNReLU6), Args = "channels: C * expand, kernel: 1"),
     Use(typeof(ConvBNReLU6), Args = "channels: C, stride: stride, groups: C"),
     Conv(nameof(outChannels), 1, Bias = false),
     BatchNorm] Layer conv;
}

/// <summary>The first inverted residual (expand 1): depthwise 3x3, then the linear 1x1 projection.</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class InvertedResidualNoExpand(int outChannels, int stride)
{
    [Use(typeof(ConvBNReLU6), Args = "channels: C, stride: stride, groups: C"),
     Conv(nameof(outChannels), 1, Bias = false),
     BatchNorm] Layer conv;
}

/// <summary>MobileNetV2 at width 1.0: torchvision's table of (expand, channels, repeats, stride) written out.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x64x64", TrainImages = 10000, Metric = 0.9, Recipe = "torchvision: SGD 0.036 (batch 256), wd 4e-5, cosine, 300 epochs; AdamW here (one epoch of 6,000 images: 2e-3 reached 0.38, 3e-3 0.54)")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.Normal, LinearStd = 0.01)]
[Network(Input = "3x224x224", Name = "mobilenet_v2")]
public partial class MobileNetV2(int classes = 1000, double dropout = 0.2)
{
    [Use(typeof(ConvBNReLU6), 32, 3, 2),
     Use(typeof(InvertedResidualNoExpand), 16, 1),
     Use(typeof(InvertedResidual), 24, 2, 6), Use(typeof(InvertedResidual), 24, 1, 6),
     Use(typeof(InvertedResidual), 32, 2, 6), Use(typeof(InvertedResidual), 32, 1, 6), Use(typeof(InvertedResidual), 32, 1, 6),
     Use(typeof(InvertedResidual), 64, 2, 6), Use(typeof(InvertedResidual), 64, 1, 6), Use(typeof(InvertedResidual), 64, 1, 6),
     Use(typeof(InvertedResidual), 64, 1, 6),
     Use(typeof(InvertedResidual), 96, 1, 6), Use(typeof(InvertedResidual), 96, 1, 6), Use(typeof(InvertedResidual), 96, 1, 6),
     Use(typeof(InvertedResidual), 160, 2, 6), Use(typeof(InvertedResidual), 160, 1, 6), Use(typeof(InvertedResidual), 160, 1, 6),
     Use(typeof(InvertedResidual), 320, 1, 6),
     Use(typeof(ConvBNReLU6), 1280, 1)]                      Layer features;
    [GlobalAvgPool, Flatten]                                 Layer pool;
    [Dropout(nameof(dropout)), Linear(nameof(classes))]      Layer classifier;
}
