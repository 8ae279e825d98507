using NetDsl;

namespace NetDsl.Zoo.Models;

// EfficientNetV2 S/M/L (Tan & Le, 2021) as torchvision builds them: a 3x3/2 stem, three stages of FusedMBConv (a full
// 3x3 expansion convolution, then a 1x1 projection; a single 3x3 convolution at expand ratio 1), then MBConv stages
// with squeeze-excitation (EfficientNet.cs's sub-blocks), a 1x1 head to 1280 channels, global pool, dropout and the
// classifier. Every BatchNorm uses eps 1e-3 (momentum 0.1). Stochastic depth rises linearly with the block's index
// over the whole network, 0.2 · k / (number of blocks), and, as in torchvision, drops only blocks that have a skip.
// S has six stages and M/L seven, so S is a declaration of its own and M/L are variants of one.

/// <summary>
/// FusedMBConv (expand ratio &gt; 1): 3x3 convolution (with the stride) to make_divisible(C · expand, 8) channels, BatchNorm,
/// SiLU, then a 1x1 projection and BatchNorm; the skip (with stochastic depth <paramref name="drop"/>) where the shape is kept.
/// </summary>
[Block, Residual(IfShapesMatch = true, StochasticDepth = nameof(drop))]
public partial class FusedMBConv(int outChannels, int expand, double drop, int stride = 1, double eps = 1e-3)
{
    [Use(typeof(ConvBNSiLU), Args = "channels: make_divisible(C * expand, 8), kernel: 3, stride: stride, eps: eps"),
     Use(typeof(ConvBN), Args = "channels: outChannels, eps: eps")] Layer block;
}

/// <summary>torchvision's FusedMBConv body at expand ratio 1: a Sequential holding one 3x3 convolution, BatchNorm and SiLU (<c>block.0</c>).</summary>
[Block(Indexed = true)]
public partial class FusedConv(int channels, int stride, double eps)
{
    [Use(typeof(ConvBNSiLU), Args = "channels: channels, kernel: 3, stride: stride, eps: eps")] Layer conv;
}

/// <summary>FusedMBConv at expand ratio 1 (the first stage): one 3x3 convolution, BatchNorm, SiLU; the skip (with stochastic depth) where the shape is kept.</summary>
[Block, Residual(IfShapesMatch = true, StochasticDepth = nameof(drop))]
public partial class FusedMBConv1(int outChannels, double drop, int stride = 1, double eps = 1e-3)
{
    [Use(typeof(FusedConv), Args = "channels: outChannels, stride: stride, eps: eps")] Layer block;
}

/// <summary>
/// EfficientNetV2's MBConv: <see cref="MBConv"/>'s body (1x1 expand, 3x3 depthwise with the stride, squeeze-excitation on a
/// quarter of the input's channels, 1x1 projection) with stochastic depth <paramref name="drop"/> on the skip.
/// </summary>
[Block, Residual(IfShapesMatch = true, StochasticDepth = nameof(drop))]
public partial class MBConvV2(int outChannels, int expand, double drop, int stride = 1, double eps = 1e-3)
{
    [Use(typeof(ConvBNSiLU), Args = "channels: make_divisible(C * expand, 8), kernel: 1, eps: eps"),
     Use(typeof(ConvBNSiLU), Args = "channels: C, kernel: 3, stride: stride, groups: C, eps: eps"),
     SqueezeExcitation("max(1, InC / 4)", Act = Act.SiLU),
     Use(typeof(ConvBN), Args = "channels: outChannels, eps: eps")] Layer block;
}

/// <summary>EfficientNetV2-S's <c>features</c>: stem, six stages (torchvision's table), 1x1 head to 1280 channels.</summary>
[Block(Indexed = true)]
public partial class EfficientNetV2SFeatures(double p = 0.2, double eps = 1e-3)
{
    // stage: repeats, block, expand ratio, channels (kernel 3 throughout); 40 blocks, the drop rising as p · k / 40.
    [Use(typeof(ConvBNSiLU), Args = "channels: 24, kernel: 3, stride: 2, eps: eps")]                                         Layer stem;
    [Repeat(2, typeof(FusedMBConv1), Args = "outChannels: 24, drop: p * i / 40, eps: eps")]                                  Layer stage1;
    [Repeat(4, typeof(FusedMBConv), Args = "outChannels: 48, expand: 4, drop: p * (2 + i) / 40, eps: eps", First = "stride: 2")]   Layer stage2;
    [Repeat(4, typeof(FusedMBConv), Args = "outChannels: 64, expand: 4, drop: p * (6 + i) / 40, eps: eps", First = "stride: 2")]   Layer stage3;
    [Repeat(6, typeof(MBConvV2), Args = "outChannels: 128, expand: 4, drop: p * (10 + i) / 40, eps: eps", First = "stride: 2")]    Layer stage4;
    [Repeat(9, typeof(MBConvV2), Args = "outChannels: 160, expand: 6, drop: p * (16 + i) / 40, eps: eps")]                         Layer stage5;
    [Repeat(15, typeof(MBConvV2), Args = "outChannels: 256, expand: 6, drop: p * (25 + i) / 40, eps: eps", First = "stride: 2")]   Layer stage6;
    [Use(typeof(ConvBNSiLU), Args = "channels: 1280, kernel: 1, eps: eps")]                                                  Layer head;
}

/// <summary>
/// EfficientNetV2-M/L's <c>features</c>: a stem to <paramref name="c1"/> channels, seven stages of widths c1..c7 and depths
/// n1..n7 (fused with expand ratios 1, 4, 4, then MBConv with 4, 6, 6, 6; strides 1, 2, 2, 2, 1, 2, 1), 1x1 head to 1280.
/// </summary>
[Block(Indexed = true)]
public partial class EfficientNetV2Features(int c1, int c2, int c3, int c4, int c5, int c6, int c7,
    int n1, int n2, int n3, int n4, int n5, int n6, int n7, double p = 0.2, double eps = 1e-3)
{
    const string Blocks = "(n1 + n2 + n3 + n4 + n5 + n6 + n7)";
    [Use(typeof(ConvBNSiLU), Args = "channels: c1, kernel: 3, stride: 2, eps: eps")]                                                           Layer stem;
    [Repeat(nameof(n1), typeof(FusedMBConv1), Args = "outChannels: c1, drop: p * i / " + Blocks + ", eps: eps")]                                Layer stage1;
    [Repeat(nameof(n2), typeof(FusedMBConv), Args = "outChannels: c2, expand: 4, drop: p * (n1 + i) / " + Blocks + ", eps: eps", First = "stride: 2")] Layer stage2;
    [Repeat(nameof(n3), typeof(FusedMBConv), Args = "outChannels: c3, expand: 4, drop: p * (n1 + n2 + i) / " + Blocks + ", eps: eps", First = "stride: 2")] Layer stage3;
    [Repeat(nameof(n4), typeof(MBConvV2), Args = "outChannels: c4, expand: 4, drop: p * (n1 + n2 + n3 + i) / " + Blocks + ", eps: eps", First = "stride: 2")] Layer stage4;
    [Repeat(nameof(n5), typeof(MBConvV2), Args = "outChannels: c5, expand: 6, drop: p * (n1 + n2 + n3 + n4 + i) / " + Blocks + ", eps: eps")]           Layer stage5;
    [Repeat(nameof(n6), typeof(MBConvV2), Args = "outChannels: c6, expand: 6, drop: p * (n1 + n2 + n3 + n4 + n5 + i) / " + Blocks + ", eps: eps", First = "stride: 2")] Layer stage6;
    [Repeat(nameof(n7), typeof(MBConvV2), Args = "outChannels: c7, expand: 6, drop: p * (n1 + n2 + n3 + n4 + n5 + n6 + i) / " + Blocks + ", eps: eps")] Layer stage7;
    [Use(typeof(ConvBNSiLU), Args = "channels: 1280, kernel: 1, eps: eps")]                                                                    Layer head;
}

/// <summary>EfficientNetV2-S (torchvision <c>efficientnet_v2_s</c>) at torchvision's evaluation size, 384x384; classifier dropout 0.2.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1,
           PreciseBatchNorm = 20, TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.6,
           Recipe = "torchvision reference: SGD 0.5 (batch 1024) momentum 0.9, wd 2e-5 (none on norms), cosine, 5 warm-up epochs, 600 epochs, label smoothing 0.1, mixup/cutmix, TrivialAugment, EMA, trained at 300 px; AdamW here")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.UniformFanOut, Head = InitRule.Normal, HeadStd = 0.01, ZeroInitResidual = true)]
[Network(Input = "3x384x384", Name = "efficientnet_v2_s")]
public partial class EfficientNetV2S(int classes = 1000)
{
    [Use(typeof(EfficientNetV2SFeatures))]                Layer features;
    [GlobalAvgPool, Flatten]                              Layer avgpool;
    [Dropout(0.2), Linear(nameof(classes))]               Layer classifier;
}

/// <summary>EfficientNetV2-M and -L: stage widths c1..c7, depths n1..n7 and classifier dropout, each at torchvision's evaluation size (480x480).</summary>
[ModelCard("efficientnet_v2_m", Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32,
           Epochs = 1, PreciseBatchNorm = 20, TrainInput = "3x32x32", TrainImages = 6000, Metric = 0.5,
           Recipe = "torchvision reference: SGD 0.5 (batch 1024) momentum 0.9, wd 2e-5 (none on norms), cosine, 5 warm-up epochs, 600 epochs, label smoothing 0.1, mixup/cutmix, TrivialAugment, EMA, trained at 384 px; AdamW here")]
[ModelCard("efficientnet_v2_l", Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32,
           Epochs = 1, PreciseBatchNorm = 20, TrainInput = "3x32x32", TrainImages = 4000, Metric = 0.25,
           Recipe = "torchvision ports the paper's weights (google/automl: RMSprop, batch 4096, progressive resizing); its reference recipe (S, M): SGD 0.5 (batch 1024), label smoothing 0.1, 600 epochs; AdamW here")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.UniformFanOut, Head = InitRule.Normal, HeadStd = 0.01, ZeroInitResidual = true)]
[Network(Input = "3x480x480")]
[Variant("efficientnet_v2_m", 24, 48, 80, 160, 176, 304, 512, 3, 5, 5, 7, 14, 18, 5, 0.3)]
[Variant("efficientnet_v2_l", 32, 64, 96, 192, 224, 384, 640, 4, 7, 7, 10, 19, 25, 7, 0.4)]
public partial class EfficientNetV2(int c1, int c2, int c3, int c4, int c5, int c6, int c7,
    int n1, int n2, int n3, int n4, int n5, int n6, int n7, double dropout, int classes = 1000)
{
    [Use(typeof(EfficientNetV2Features), nameof(c1), nameof(c2), nameof(c3), nameof(c4), nameof(c5), nameof(c6), nameof(c7),
         nameof(n1), nameof(n2), nameof(n3), nameof(n4), nameof(n5), nameof(n6), nameof(n7))]  Layer features;
    [GlobalAvgPool, Flatten]                                                                     Layer avgpool;
    [Dropout(nameof(dropout)), Linear(nameof(classes))]                                          Layer classifier;
}
