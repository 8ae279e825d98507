using NetDsl;

namespace NetDsl.Zoo.Models;

// DenseNet (Huang et al., 2017) as torchvision builds it: dense blocks whose layers concatenate their
// output onto their input, and transitions that halve the channels and the size.

/// <summary>BN-ReLU-1x1 conv (bnSize·growth) then BN-ReLU-3x3 conv (growth), concatenated onto the input.</summary>
[Block, Skip(Merge.Concat)]
public partial class DenseLayer(int growth, int bnSize = 4)
{
    [BatchNorm, ReLU]                                    Layer norm1;
    [Conv("bnSize * growth", 1, Bias = false)]           Layer conv1;
    [BatchNorm, ReLU]                                    Layer norm2;
    [Conv(nameof(growth), 3, Padding = 1, Bias = false)] Layer conv2;
}

/// <summary>BN-ReLU, a 1x1 convolution to half the channels (C is the channel count reaching it), 2x2 average pool.</summary>
[Block]
public partial class Transition
{
    [BatchNorm, ReLU]                Layer norm;
    [Conv("C / 2", 1, Bias = false)] Layer conv;
    [AvgPool(2)]                     Layer pool;
}

/// <summary>torchvision's <c>features</c>: stem, four dense blocks with transitions, final BatchNorm.</summary>
[Block]
public partial class DenseFeatures(int growth, int init, int d1, int d2, int d3, int d4)
{
    [Conv(nameof(init), 7, Stride = 2, Padding = 3, Bias = false)]                              Layer conv0;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)]                                      Layer norm0;
    [Repeat(nameof(d1), typeof(DenseLayer), nameof(growth), Prefix = "denselayer", Start = 1)] Layer denseblock1;
    [Use(typeof(Transition))]                                                                   Layer transition1;
    [Repeat(nameof(d2), typeof(DenseLayer), nameof(growth), Prefix = "denselayer", Start = 1)] Layer denseblock2;
    [Use(typeof(Transition))]                                                                   Layer transition2;
    [Repeat(nameof(d3), typeof(DenseLayer), nameof(growth), Prefix = "denselayer", Start = 1)] Layer denseblock3;
    [Use(typeof(Transition))]                                                                   Layer transition3;
    [Repeat(nameof(d4), typeof(DenseLayer), nameof(growth), Prefix = "denselayer", Start = 1)] Layer denseblock4;
    [BatchNorm]                                                                                 Layer norm5;
}

/// <summary>The DenseNet cards' recipe note (densenet161's card trains on fewer images: 4,000 already take it about 6 minutes here).</summary>
internal static class DenseNetRecipes
{
    internal const string Adamw = "Huang et al.: SGD nesterov 0.1 (batch 256), wd 1e-4, 90 epochs; AdamW here for short runs";
}

/// <summary>DenseNet: growth rate, stem width and the layers per dense block.</summary>
[ModelCard("densenet161", Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 4000, Metric = 0.5, Recipe = DenseNetRecipes.Adamw)]
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.8, Recipe = DenseNetRecipes.Adamw)]
[WeightInit(Conv = InitRule.KaimingNormalFanIn)]
[Network(Input = "3x224x224")]
[Variant("densenet121", 32, 64, 6, 12, 24, 16)]
[Variant("densenet161", 48, 96, 6, 12, 36, 24)]
[Variant("densenet169", 32, 64, 6, 12, 32, 32)]
[Variant("densenet201", 32, 64, 6, 12, 48, 32)]
public partial class DenseNet(int growth, int init, int d1, int d2, int d3, int d4, int classes = 1000)
{
    [Use(typeof(DenseFeatures), nameof(growth), nameof(init), nameof(d1), nameof(d2), nameof(d3), nameof(d4))] Layer features;
    [ReLU, GlobalAvgPool, Flatten]                                                                              Layer pool;
    [Linear(nameof(classes))]                                                                                   Layer classifier;
}
