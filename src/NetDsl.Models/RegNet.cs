using NetDsl;

namespace NetDsl.Zoo.Models;

// RegNet (Radosavovic et al., 2020) as torchvision builds it: a 3x3/2 stem to 32 channels, four stages of residual
// bottlenecks (1x1, grouped 3x3 with the stride, [squeeze-excitation to a quarter of the block's input width,
// RegNetY], 1x1) named trunk_output.blockS.blockS-i, global pool and the classifier. The widths, depths and group
// widths are torchvision's quantised ones (BlockParams.from_init_params after _adjust_widths_groups_compatibilty),
// written out per variant: one declaration per family, fifteen thin variants.

/// <summary>The RegNet cards' reference recipes (one text per card kind, shared by RegNetX and RegNetY).</summary>
internal static class RegNetRecipes
{
    internal const string Small = "torchvision reference: SGD 0.8 (batch 1024) momentum 0.9, wd 5e-5 (1e-5 for the large), cosine, 100 epochs; AdamW here";
    internal const string Large = "torchvision reference: SGD 0.8 (batch 1024) momentum 0.9, wd 1e-5, cosine, 100 epochs; AdamW here at 32x32, so an epoch of the large RegNets takes minutes on CPU";
}

/// <summary>torchvision's BottleneckTransform without SE (RegNetX): a, b (grouped, strided), c.</summary>
[Block]
public partial class RegNetTransformX(int width, int stride, int groupWidth)
{
    [Conv(nameof(width), 1, Bias = false), BatchNorm, ReLU]                                               Layer a;
    [Conv(nameof(width), 3, Stride = nameof(stride), Padding = 1, Groups = "width / groupWidth", Bias = false), BatchNorm, ReLU] Layer b;
    [Conv(nameof(width), 1, Bias = false), BatchNorm]                                                     Layer c;
}

/// <summary>torchvision's BottleneckTransform with SE (RegNetY): the squeeze is a quarter of the block's input width.</summary>
[Block]
public partial class RegNetTransformY(int width, int stride, int groupWidth)
{
    [Conv(nameof(width), 1, Bias = false), BatchNorm, ReLU]                                               Layer a;
    [Conv(nameof(width), 3, Stride = nameof(stride), Padding = 1, Groups = "width / groupWidth", Bias = false), BatchNorm, ReLU] Layer b;
    [SqueezeExcitation("InC / 4")]                                                                        Layer se;
    [Conv(nameof(width), 1, Bias = false), BatchNorm]                                                     Layer c;
}

/// <summary>ResBottleneckBlock (X): relu(proj(x) + f(x)), proj a 1x1 + BatchNorm where the shape changes (registered first, as torchvision does).</summary>
[Block, Residual(Projection = "proj", After = Act.ReLU, ProjectionFirst = true)]
public partial class RegNetBlockX(int width, int stride, int groupWidth)
{
    [Use(typeof(RegNetTransformX), nameof(width), nameof(stride), nameof(groupWidth))] Layer f;
}

/// <summary>ResBottleneckBlock (Y).</summary>
[Block, Residual(Projection = "proj", After = Act.ReLU, ProjectionFirst = true)]
public partial class RegNetBlockY(int width, int stride, int groupWidth)
{
    [Use(typeof(RegNetTransformY), nameof(width), nameof(stride), nameof(groupWidth))] Layer f;
}

/// <summary>RegNetX's trunk_output: four stages, the first block of each strided.</summary>
[Block]
public partial class RegNetTrunkX(int d1, int d2, int d3, int d4, int w1, int w2, int w3, int w4, int g1, int g2, int g3, int g4)
{
    [Repeat(nameof(d1), typeof(RegNetBlockX), Args = "width: w1, stride: 1, groupWidth: g1", First = "stride: 2", Prefix = "block1-")] Layer block1;
    [Repeat(nameof(d2), typeof(RegNetBlockX), Args = "width: w2, stride: 1, groupWidth: g2", First = "stride: 2", Prefix = "block2-")] Layer block2;
    [Repeat(nameof(d3), typeof(RegNetBlockX), Args = "width: w3, stride: 1, groupWidth: g3", First = "stride: 2", Prefix = "block3-")] Layer block3;
    [Repeat(nameof(d4), typeof(RegNetBlockX), Args = "width: w4, stride: 1, groupWidth: g4", First = "stride: 2", Prefix = "block4-")] Layer block4;
}

/// <summary>RegNetY's trunk_output.</summary>
[Block]
public partial class RegNetTrunkY(int d1, int d2, int d3, int d4, int w1, int w2, int w3, int w4, int g1, int g2, int g3, int g4)
{
    [Repeat(nameof(d1), typeof(RegNetBlockY), Args = "width: w1, stride: 1, groupWidth: g1", First = "stride: 2", Prefix = "block1-")] Layer block1;
    [Repeat(nameof(d2), typeof(RegNetBlockY), Args = "width: w2, stride: 1, groupWidth: g2", First = "stride: 2", Prefix = "block2-")] Layer block2;
    [Repeat(nameof(d3), typeof(RegNetBlockY), Args = "width: w3, stride: 1, groupWidth: g3", First = "stride: 2", Prefix = "block3-")] Layer block3;
    [Repeat(nameof(d4), typeof(RegNetBlockY), Args = "width: w4, stride: 1, groupWidth: g4", First = "stride: 2", Prefix = "block4-")] Layer block4;
}

// The large variants at 2e-3 over 3,000 images stayed at chance (0.16-0.22; 10,000 images at 2e-3: a rising loss). At 1e-3 over
// 2 x 10,000 images (2 cores, alone): x_8gf 0.525 in 169 s, y_8gf 0.714 in 188 s, x_16gf 0.652 in 219 s, y_16gf 0.668 in 342 s;
// the 32GF ones one epoch to stay within minutes: x_32gf 0.389 in 255 s, y_32gf 0.315 in 331 s.
/// <summary>RegNetX: depths d1..d4, widths w1..w4, group widths g1..g4 per stage.</summary>
[ModelCard("regnet_x_8gf", "regnet_x_16gf", Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.45,
           Recipe = RegNetRecipes.Large)]
[ModelCard("regnet_x_32gf", Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.28,
           Recipe = RegNetRecipes.Large)]
[ModelCard(Optimizer = "adamw", LearningRate = 2e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000,
           Metric = 0.4, Recipe = RegNetRecipes.Small)]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.Normal, LinearStd = 0.01, ZeroInitResidual = true)]
[Network(Input = "3x224x224")]
[Variant("regnet_x_400mf", 1, 2, 7, 12, 32, 64, 160, 400, 16, 16, 16, 16)]
[Variant("regnet_x_800mf", 1, 3, 7, 5, 64, 128, 288, 672, 16, 16, 16, 16)]
[Variant("regnet_x_1_6gf", 2, 4, 10, 2, 72, 168, 408, 912, 24, 24, 24, 24)]
[Variant("regnet_x_3_2gf", 2, 6, 15, 2, 96, 192, 432, 1008, 48, 48, 48, 48)]
[Variant("regnet_x_8gf", 2, 5, 15, 1, 80, 240, 720, 1920, 80, 120, 120, 120)]
[Variant("regnet_x_16gf", 2, 6, 13, 1, 256, 512, 896, 2048, 128, 128, 128, 128)]
[Variant("regnet_x_32gf", 2, 7, 13, 1, 336, 672, 1344, 2520, 168, 168, 168, 168)]
public partial class RegNetX(int d1, int d2, int d3, int d4, int w1, int w2, int w3, int w4, int g1, int g2, int g3, int g4, int classes = 1000)
{
    [Conv(32, 3, Stride = 2, Padding = 1, Bias = false), BatchNorm, ReLU]          Layer stem;
    [Use(typeof(RegNetTrunkX), nameof(d1), nameof(d2), nameof(d3), nameof(d4), nameof(w1), nameof(w2), nameof(w3), nameof(w4),
         nameof(g1), nameof(g2), nameof(g3), nameof(g4))]                           Layer trunk_output;
    [GlobalAvgPool, Flatten]                                                        Layer avgpool;
    [Linear(nameof(classes))]                                                       Layer fc;
}

// regnet_y_128gf states no metric: no recipe tried takes it above chance in the 40 steps of 16 images a 10-minute CPU run
// holds (README, "Model cards", lists them and why: every step fits its own batch and moves the rest).
/// <summary>RegNetY: RegNetX's stages with squeeze-excitation in every block.</summary>
[ModelCard("regnet_y_8gf", "regnet_y_16gf", Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.45,
           Recipe = RegNetRecipes.Large)]
[ModelCard("regnet_y_32gf", Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.28,
           Recipe = RegNetRecipes.Large)]
[ModelCard("regnet_y_128gf", Optimizer = "adamw", LearningRate = 2e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 16, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 640,
           Recipe = RegNetRecipes.Large)]
[ModelCard(Optimizer = "adamw", LearningRate = 2e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 10000,
           Metric = 0.4, Recipe = RegNetRecipes.Small)]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.Normal, LinearStd = 0.01, ZeroInitResidual = true)]
[Network(Input = "3x224x224")]
[Variant("regnet_y_400mf", 1, 3, 6, 6, 48, 104, 208, 440, 8, 8, 8, 8)]
[Variant("regnet_y_800mf", 1, 3, 8, 2, 64, 144, 320, 784, 16, 16, 16, 16)]
[Variant("regnet_y_1_6gf", 2, 6, 17, 2, 48, 120, 336, 888, 24, 24, 24, 24)]
[Variant("regnet_y_3_2gf", 2, 5, 13, 1, 72, 216, 576, 1512, 24, 24, 24, 24)]
[Variant("regnet_y_8gf", 2, 4, 10, 1, 224, 448, 896, 2016, 56, 56, 56, 56)]
[Variant("regnet_y_16gf", 2, 4, 11, 1, 224, 448, 1232, 3024, 112, 112, 112, 112)]
[Variant("regnet_y_32gf", 2, 5, 12, 1, 232, 696, 1392, 3712, 232, 232, 232, 232)]
[Variant("regnet_y_128gf", 2, 7, 17, 1, 528, 1056, 2904, 7392, 264, 264, 264, 264)]
public partial class RegNetY(int d1, int d2, int d3, int d4, int w1, int w2, int w3, int w4, int g1, int g2, int g3, int g4, int classes = 1000)
{
    [Conv(32, 3, Stride = 2, Padding = 1, Bias = false), BatchNorm, ReLU]          Layer stem;
    [Use(typeof(RegNetTrunkY), nameof(d1), nameof(d2), nameof(d3), nameof(d4), nameof(w1), nameof(w2), nameof(w3), nameof(w4),
         nameof(g1), nameof(g2), nameof(g3), nameof(g4))]                           Layer trunk_output;
    [GlobalAvgPool, Flatten]                                                        Layer avgpool;
    [Linear(nameof(classes))]                                                       Layer fc;
}
