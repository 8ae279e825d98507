using NetDsl;

namespace NetDsl.Zoo.Models;

// MNASNet-B1 (Tan et al., 2019) as torchvision builds it: one indexed `layers` Sequential (stem, depthwise separable
// conv, six stacks of inverted residuals, final 1x1 to 1280), global mean, dropout and the classifier. BatchNorm
// momentum 0.0003 (torchvision's 1 - 0.9997). The variants scale the eight depths by alpha with torchvision's
// _round_to_multiple_of(depth * alpha, 8), written out here: 0.5, 0.75, 1.0, 1.3.

/// <summary>1x1 expand ×e, k x k depthwise with stride s, linear 1x1 to outChannels; identity skip where the shape is kept.</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class MnasResidual(int outChannels, int kernel, int stride, int expand)
{
    [Conv("C * expand", 1, Bias = false), BatchNorm(Momentum = 0.0003), ReLU,
     Conv("C", nameof(kernel), Padding = "kernel / 2", Stride = nameof(stride), Groups = "C", Bias = false), BatchNorm(Momentum = 0.0003), ReLU,
     Conv(nameof(outChannels), 1, Bias = false), BatchNorm(Momentum = 0.0003)] Layer layers;
}

/// <summary>torchvision's MNASNet.layers, indexed 0–16; each stack is a Sequential whose first residual takes the stride.</summary>
[Block(Indexed = true)]
public partial class MnasLayers(int d0, int d1, int d2, int d3, int d4, int d5, int d6, int d7)
{
    [Conv(nameof(d0), 3, Padding = 1, Stride = 2, Bias = false)]                 Layer stem;
    [BatchNorm(Momentum = 0.0003)]                                               Layer stemNorm;
    [ReLU]                                                                        Layer stemAct;
    [Conv(nameof(d0), 3, Padding = 1, Groups = nameof(d0), Bias = false)]        Layer depthwise;
    [BatchNorm(Momentum = 0.0003)]                                               Layer depthwiseNorm;
    [ReLU]                                                                        Layer depthwiseAct;
    [Conv(nameof(d1), 1, Bias = false)]                                          Layer pointwise;
    [BatchNorm(Momentum = 0.0003)]                                               Layer pointwiseNorm;
    [Repeat(3, typeof(MnasResidual), Args = "outChannels: d2, kernel: 3, stride: 1, expand: 3", First = "stride: 2")] Layer stack1;
    [Repeat(3, typeof(MnasResidual), Args = "outChannels: d3, kernel: 5, stride: 1, expand: 3", First = "stride: 2")] Layer stack2;
    [Repeat(3, typeof(MnasResidual), Args = "outChannels: d4, kernel: 5, stride: 1, expand: 6", First = "stride: 2")] Layer stack3;
    [Repeat(2, typeof(MnasResidual), Args = "outChannels: d5, kernel: 3, stride: 1, expand: 6")]                      Layer stack4;
    [Repeat(4, typeof(MnasResidual), Args = "outChannels: d6, kernel: 5, stride: 1, expand: 6", First = "stride: 2")] Layer stack5;
    [Repeat(1, typeof(MnasResidual), Args = "outChannels: d7, kernel: 3, stride: 1, expand: 6")]                      Layer stack6;
    [Conv(1280, 1, Bias = false)]                                                Layer head;
    [BatchNorm(Momentum = 0.0003)]                                               Layer headNorm;
    [ReLU]                                                                        Layer headAct;
}

/// <summary>MNASNet-B1 at torchvision's four widths.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 2e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x64x64", TrainImages = 10000,
           Metric = 0.41, Recipe = "Tan et al.: RMSProp 0.256 (batch 4096), decay 0.97 every 2.4 epochs; torchvision: SGD 0.5, 600 epochs; AdamW here")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut)]
[Network(Input = "3x224x224")]
[Variant("mnasnet0_5", 16, 8, 16, 24, 40, 48, 96, 160)]
[Variant("mnasnet0_75", 24, 16, 24, 32, 64, 72, 144, 240)]
[Variant("mnasnet1_0", 32, 16, 24, 40, 80, 96, 192, 320)]
[Variant("mnasnet1_3", 40, 24, 32, 56, 104, 128, 248, 416)]
public partial class MnasNet(int d0, int d1, int d2, int d3, int d4, int d5, int d6, int d7, int classes = 1000)
{
    [Use(typeof(MnasLayers), nameof(d0), nameof(d1), nameof(d2), nameof(d3), nameof(d4), nameof(d5), nameof(d6), nameof(d7))] Layer layers;
    [GlobalAvgPool, Flatten]                                                     Layer pool;
    [Dropout(0.2), Linear(nameof(classes))]                                      Layer classifier;
}
