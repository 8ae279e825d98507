using NetDsl;

namespace NetDsl.Zoo.Models;

// SqueezeNet (Iandola et al., 2016) as torchvision builds it: Fire modules (a 1x1 squeeze, then parallel 1x1 and
// 3x3 expands concatenated) in one indexed `features` Sequential, a 1x1-convolution classifier and global pooling.
// 1.0: 1,248,424 parameters; 1.1 (3x3 stem, earlier pools, 2.4x fewer multiply-adds): 1,235,496.

/// <summary>Squeeze to s channels, expand to e1 (1x1) + e3 (3x3) channels; the expands both continue the squeeze.</summary>
[Block, Branches(Merge.Concat)]
public partial class Fire(int s, int e1, int e3)
{
    [Conv(nameof(s), 1), ReLU]                                  Layer squeeze;
    [From(nameof(squeeze)), Conv(nameof(e1), 1), ReLU]          Layer expand1x1;
    [From(nameof(squeeze)), Conv(nameof(e3), 3, Padding = 1), ReLU] Layer expand3x3;
}

/// <summary>SqueezeNet 1.0: 7x7/2 stem with 96 channels, pools after Fire 4 and Fire 8.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-4, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2,
           TrainInput = "3x64x64", TrainImages = 10000,
           Metric = 0.7, Recipe = "Iandola et al.: SGD 0.04 (batch 512), linear decay, 170k steps; AdamW here (at 1e-3 the 6-way head, ReLU before the pool, stays at chance)")]
[WeightInit(Conv = InitRule.KaimingUniformFanIn, Head = InitRule.Normal, HeadStd = 0.01)]
[Network(Input = "3x224x224", Name = "squeezenet1_0")]
public partial class SqueezeNet10(int classes = 1000)
{
    [Conv(96, 7, Stride = 2), ReLU, MaxPool(3, Stride = 2, CeilMode = true),
     Use(typeof(Fire), 16, 64, 64), Use(typeof(Fire), 16, 64, 64), Use(typeof(Fire), 32, 128, 128), MaxPool(3, Stride = 2, CeilMode = true),
     Use(typeof(Fire), 32, 128, 128), Use(typeof(Fire), 48, 192, 192), Use(typeof(Fire), 48, 192, 192), Use(typeof(Fire), 64, 256, 256),
     MaxPool(3, Stride = 2, CeilMode = true), Use(typeof(Fire), 64, 256, 256)]   Layer features;
    [Dropout(0.5), Conv(nameof(classes), 1), ReLU, GlobalAvgPool]             Layer classifier;
    [Flatten]                                                                 Layer flatten;
}

/// <summary>SqueezeNet 1.1: 3x3/2 stem with 64 channels, pools after the stem, Fire 3 and Fire 5.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-4, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2,
           TrainInput = "3x64x64", TrainImages = 10000,
           Metric = 0.7, Recipe = "Iandola et al. (v1.1 from the authors' repository): SGD 0.04 (batch 512), linear decay; AdamW here")]
[WeightInit(Conv = InitRule.KaimingUniformFanIn, Head = InitRule.Normal, HeadStd = 0.01)]
[Network(Input = "3x224x224", Name = "squeezenet1_1")]
public partial class SqueezeNet11(int classes = 1000)
{
    [Conv(64, 3, Stride = 2), ReLU, MaxPool(3, Stride = 2, CeilMode = true),
     Use(typeof(Fire), 16, 64, 64), Use(typeof(Fire), 16, 64, 64), MaxPool(3, Stride = 2, CeilMode = true),
     Use(typeof(Fire), 32, 128, 128), Use(typeof(Fire), 32, 128, 128), MaxPool(3, Stride = 2, CeilMode = true),
     Use(typeof(Fire), 48, 192, 192), Use(typeof(Fire), 48, 192, 192), Use(typeof(Fire), 64, 256, 256), Use(typeof(Fire), 64, 256, 256)] Layer features;
    [Dropout(0.5), Conv(nameof(classes), 1), ReLU, GlobalAvgPool]             Layer classifier;
    [Flatten]                                                                 Layer flatten;
}
