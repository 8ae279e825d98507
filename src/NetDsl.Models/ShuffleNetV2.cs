using NetDsl;

namespace NetDsl.Zoo.Models;

// ShuffleNet V2 (Ma et al., 2018) as torchvision builds it. A unit is a [Branches] block closed by a channel shuffle
// in 2 groups: the stride-1 unit splits its channels in halves, passes the first through (torchvision's empty
// branch1) and runs the second through 1x1 → depthwise 3x3 → 1x1; the stride-2 unit runs two paths on the whole input.
// Stages repeat 4, 8, 4 units; the variants differ in width only.

/// <summary>Stride 1: first half through, second half through branch2, concatenated and shuffled.</summary>
[Block, Branches(Merge.Concat, Shuffle = 2)]
public partial class ShuffleUnit
{
    [Split(2, 0)]                                                                   Layer branch1;
    [Split(2, 1)]                                                                   Layer half;
    [From(nameof(half)), Conv("C", 1, Bias = false), BatchNorm, ReLU,
     Conv("C", 3, Padding = 1, Groups = "C", Bias = false), BatchNorm,
     Conv("C", 1, Bias = false), BatchNorm, ReLU]                                   Layer branch2;
}

/// <summary>Stride 2: a depthwise-then-1x1 path and a 1x1-depthwise-1x1 path, each to half the output channels.</summary>
[Block, Branches(Merge.Concat, Shuffle = 2)]
public partial class ShuffleDownUnit(int outChannels)
{
    [Conv("C", 3, Stride = 2, Padding = 1, Groups = "C", Bias = false), BatchNorm,
     Conv("outChannels / 2", 1, Bias = false), BatchNorm, ReLU]                     Layer branch1;
    [Conv("outChannels / 2", 1, Bias = false), BatchNorm, ReLU,
     Conv("C", 3, Stride = 2, Padding = 1, Groups = "C", Bias = false), BatchNorm,
     Conv("C", 1, Bias = false), BatchNorm, ReLU]                                   Layer branch2;
}

/// <summary>ShuffleNet V2 at the widths of torchvision's four variants (c2..c4 per stage, c5 the last 1x1).</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 2e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x64x64", TrainImages = 10000,
           Metric = 0.45, Recipe = "Ma et al.: SGD 0.5 (batch 1024), linear decay, wd 4e-5, 300k steps; AdamW here")]
[Network(Input = "3x224x224")]
[Variant("shufflenet_v2_x0_5", 48, 96, 192, 1024)]
[Variant("shufflenet_v2_x1_0", 116, 232, 464, 1024)]
[Variant("shufflenet_v2_x1_5", 176, 352, 704, 1024)]
[Variant("shufflenet_v2_x2_0", 244, 488, 976, 2048)]
public partial class ShuffleNetV2(int c2, int c3, int c4, int c5, int classes = 1000)
{
    [Conv(24, 3, Stride = 2, Padding = 1, Bias = false), BatchNorm, ReLU]          Layer conv1;
    [MaxPool(3, Stride = 2, Padding = 1)]                                           Layer maxpool;
    [Use(typeof(ShuffleDownUnit), nameof(c2)), Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit))] Layer stage2;
    [Use(typeof(ShuffleDownUnit), nameof(c3)), Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit)),
     Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit))]                 Layer stage3;
    [Use(typeof(ShuffleDownUnit), nameof(c4)), Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit)), Use(typeof(ShuffleUnit))] Layer stage4;
    [Conv(nameof(c5), 1, Bias = false), BatchNorm, ReLU]                            Layer conv5;
    [GlobalAvgPool, Flatten]                                                        Layer pool;
    [Linear(nameof(classes))]                                                       Layer fc;
}
