using NetDsl;

namespace NetDsl.Zoo.Models;

// EfficientNet B0–B7 (Tan & Le, 2019) as torchvision builds them. Compound scaling is written as
// expressions the generator evaluates per variant at compile time, with the reference rounding:
// channels make_divisible(c · width, 8), repeats ceil(n · depth); each variant has its own resolution.
// Stochastic depth (identity at inference, no parameters) is not modelled. B5–B7 use BatchNorm eps 0.001
// and momentum 0.01 (torchvision's ports of the TensorFlow weights); B0–B4 PyTorch's defaults.

/// <summary>Convolution (padding (kernel - 1) / 2, no bias), BatchNorm, SiLU: torchvision's Conv2dNormActivation.</summary>
[Block(Indexed = true)]
public partial class ConvBNSiLU(int channels, int kernel = 3, int stride = 1, int groups = 1, double eps = 1e-5, double momentum = 0.1)
{
    [Conv(nameof(channels), nameof(kernel), Stride = nameof(stride), Padding = "(kernel - 1) / 2",
          Groups = nameof(groups), Bias = false)]                 Layer conv;
    [BatchNorm(Eps = nameof(eps), Momentum = nameof(momentum))]   Layer norm;
    [SiLU]                                                        Layer act;
}

/// <summary>The linear 1x1 projection: convolution and BatchNorm, no activation.</summary>
[Block(Indexed = true)]
public partial class ConvBN(int channels, double eps = 1e-5, double momentum = 0.1)
{
    [Conv(nameof(channels), 1, Bias = false)]                     Layer conv;
    [BatchNorm(Eps = nameof(eps), Momentum = nameof(momentum))]   Layer norm;
}

/// <summary>Mobile inverted bottleneck: expand (1x1), depthwise, squeeze-excite (on a quarter of the input's channels), project.</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class MBConv(int outChannels, int kernel, double eps, double momentum, int stride = 1, int expand = 6)
{
    [Use(typeof(ConvBNSiLU), Args = "channels: make_divisible(C * expand, 8), kernel: 1, eps: eps, momentum: momentum"),
     Use(typeof(ConvBNSiLU), Args = "channels: C, kernel: kernel, stride: stride, groups: C, eps: eps, momentum: momentum"),
     SqueezeExcitation("max(1, InC / 4)", Act = Act.SiLU),
     Use(typeof(ConvBN), Args = "channels: outChannels, eps: eps, momentum: momentum")] Layer block;
}

/// <summary>The expand-ratio-1 form (stage 1): no expansion convolution.</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class MBConv1(int outChannels, int kernel, double eps, double momentum, int stride = 1)
{
    [Use(typeof(ConvBNSiLU), Args = "channels: C, kernel: kernel, stride: stride, groups: C, eps: eps, momentum: momentum"),
     SqueezeExcitation("max(1, InC / 4)", Act = Act.SiLU),
     Use(typeof(ConvBN), Args = "channels: outChannels, eps: eps, momentum: momentum")] Layer block;
}

/// <summary>torchvision's <c>features</c>: stem, seven stages (B0's table scaled by width and depth), 1x1 head.</summary>
[Block(Indexed = true)]
public partial class EfficientNetFeatures(double width, double depth, double eps, double momentum)
{
    [Use(typeof(ConvBNSiLU), Args = "channels: make_divisible(32 * width, 8), kernel: 3, stride: 2, eps: eps, momentum: momentum")] Layer stem;
    // stage: repeats, block, channels, kernel; a stride-2 stage strides in its first block only.
    const string BN = "eps: eps, momentum: momentum";
    [Repeat("ceil(1 * depth)", typeof(MBConv1), Args = "outChannels: make_divisible(16 * width, 8), kernel: 3, " + BN)]                           Layer stage1;
    [Repeat("ceil(2 * depth)", typeof(MBConv), Args = "outChannels: make_divisible(24 * width, 8), kernel: 3, " + BN, First = "stride: 2")]   Layer stage2;
    [Repeat("ceil(2 * depth)", typeof(MBConv), Args = "outChannels: make_divisible(40 * width, 8), kernel: 5, " + BN, First = "stride: 2")]   Layer stage3;
    [Repeat("ceil(3 * depth)", typeof(MBConv), Args = "outChannels: make_divisible(80 * width, 8), kernel: 3, " + BN, First = "stride: 2")]   Layer stage4;
    [Repeat("ceil(3 * depth)", typeof(MBConv), Args = "outChannels: make_divisible(112 * width, 8), kernel: 5, " + BN)]                         Layer stage5;
    [Repeat("ceil(4 * depth)", typeof(MBConv), Args = "outChannels: make_divisible(192 * width, 8), kernel: 5, " + BN, First = "stride: 2")]  Layer stage6;
    [Repeat("ceil(1 * depth)", typeof(MBConv), Args = "outChannels: make_divisible(320 * width, 8), kernel: 3, " + BN)]                         Layer stage7;
    [Use(typeof(ConvBNSiLU), Args = "channels: 4 * make_divisible(320 * width, 8), kernel: 1, " + BN)]                                         Layer head;
}

// efficientnet_b7 trains on 5,000 images: its epoch of 5,000 already takes about 4 minutes on 2 cores.
/// <summary>EfficientNet: width and depth multipliers, classifier dropout, BatchNorm eps/momentum; each variant at its own resolution.</summary>
[ModelCard("efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3", "efficientnet_b4", "efficientnet_b5", "efficientnet_b6", Optimizer = "adamw",
           LearningRate = 3e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.6,
           Recipe = "timm: RMSprop 0.016 (batch 256), wd 1e-5, warm-up 3 epochs, label smoothing 0.1, 450 epochs; AdamW here, at 32x32 so 300 steps fit in minutes")]
[ModelCard("efficientnet_b7", Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.05,
           LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20, TrainInput = "3x32x32", TrainImages = 5000, Metric = 0.5,
           Recipe = "timm: RMSprop 0.016 (batch 256), label smoothing 0.1; a 32x32 input so an epoch of its 600 px design takes minutes on CPU (depthwise convolutions are the slow layer there)")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.UniformFanOut, Head = InitRule.Normal, HeadStd = 0.01, ZeroInitResidual = true)]
[Network(Input = "3x224x224")]
[Variant("efficientnet_b0", 1.0, 1.0, 0.2)]
[Variant("efficientnet_b1", 1.0, 1.1, 0.2, Input = "3x240x240")]
[Variant("efficientnet_b2", 1.1, 1.2, 0.3, Input = "3x260x260")]
[Variant("efficientnet_b3", 1.2, 1.4, 0.3, Input = "3x300x300")]
[Variant("efficientnet_b4", 1.4, 1.8, 0.4, Input = "3x380x380")]
[Variant("efficientnet_b5", 1.6, 2.2, 0.4, 0.001, 0.01, Input = "3x456x456")]
[Variant("efficientnet_b6", 1.8, 2.6, 0.5, 0.001, 0.01, Input = "3x528x528")]
[Variant("efficientnet_b7", 2.0, 3.1, 0.5, 0.001, 0.01, Input = "3x600x600")]
public partial class EfficientNet(double width, double depth, double dropout, double eps = 1e-5, double momentum = 0.1, int classes = 1000)
{
    [Use(typeof(EfficientNetFeatures), Args = "width: width, depth: depth, eps: eps, momentum: momentum")]            Layer features;
    [GlobalAvgPool, Flatten]                                                                            Layer avgpool;
    [Dropout(nameof(dropout)), Linear(nameof(classes))]                                                 Layer classifier;
}
