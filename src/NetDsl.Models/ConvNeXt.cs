using NetDsl;

namespace NetDsl.Zoo.Models;

// ConvNeXt (Liu et al., 2022) as torchvision builds it: a 4x4/4 patchify stem with LayerNorm2d, four stages of
// CNBlocks (7x7 depthwise conv, channels-last LayerNorm and a 4x MLP with GELU, layer scale 1e-6, stochastic depth
// rising linearly over the blocks to the variant's rate), LayerNorm2d + 2x2/2 conv between stages, then global pool,
// LayerNorm2d, flatten and the classifier. Every norm uses eps 1e-6.

/// <summary>torchvision's CNBlock: x + drop(layer_scale · block(x)), the block channels-last between its two permutes.</summary>
[Block, Residual(LayerScale = 1e-6, StochasticDepth = nameof(drop))]
public partial class CNBlock(int dim, double drop)
{
    [Conv(nameof(dim), 7, Padding = 3, Groups = nameof(dim)), Permute(0, 2, 3, 1), LayerNorm(Eps = 1e-6),
     Linear("4 * dim", LastDim = true), GELU, Linear(nameof(dim), LastDim = true), Permute(0, 3, 1, 2)] Layer block;
}

/// <summary>torchvision's ConvNeXt.features, indexed 0–7: stem, then stages with their downsampling layers between.</summary>
[Block(Indexed = true)]
public partial class ConvNeXtFeatures(int c1, int c2, int c3, int c4, int d1, int d2, int d3, int d4, double p)
{
    [Conv(nameof(c1), 4, Stride = 4), LayerNorm2d(Eps = 1e-6)]                                                  Layer stem;
    [Repeat(nameof(d1), typeof(CNBlock), Args = "dim: c1, drop: p * i / (d1 + d2 + d3 + d4 - 1)")]              Layer stage1;
    [LayerNorm2d(Eps = 1e-6), Conv(nameof(c2), 2, Stride = 2)]                                                  Layer down1;
    [Repeat(nameof(d2), typeof(CNBlock), Args = "dim: c2, drop: p * (d1 + i) / (d1 + d2 + d3 + d4 - 1)")]       Layer stage2;
    [LayerNorm2d(Eps = 1e-6), Conv(nameof(c3), 2, Stride = 2)]                                                  Layer down2;
    [Repeat(nameof(d3), typeof(CNBlock), Args = "dim: c3, drop: p * (d1 + d2 + i) / (d1 + d2 + d3 + d4 - 1)")]  Layer stage3;
    [LayerNorm2d(Eps = 1e-6), Conv(nameof(c4), 2, Stride = 2)]                                                  Layer down3;
    [Repeat(nameof(d4), typeof(CNBlock), Args = "dim: c4, drop: p * (d1 + d2 + d3 + i) / (d1 + d2 + d3 + d4 - 1)")] Layer stage4;
}

/// <summary>ConvNeXt T/S/B/L: widths c1..c4, depths d1..d4, stochastic-depth rate p (torchvision's defaults 0.1, 0.4, 0.5, 0.5).</summary>
// One rate for the family: at 2e-3 the loss rose during warm-up and S and B stayed at chance (0.17; B with stochastic depth
// 0.1: 0.25); at 5e-4 with 10,000 images S reaches 0.71, B 0.72 and L 0.67 (B 0.22 with 5,000). T had its own card at 2e-3
// (1e-3: 0.27, 2e-3: 0.45, 4e-3 diverged, on one host), but that one epoch ended at 0.19 on two other hosts from the same
// first loss (gradient clipping at 1.0 there: 0.17; 1e-3: 0.37); at 5e-4 T reaches 0.67 there (seed 1: 0.58).
[ModelCard("convnext_tiny", "convnext_small", "convnext_base", "convnext_large", Optimizer = "adamw", LearningRate = 5e-4, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2,
           BatchSize = 32, Epochs = 1, TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.5,
           Recipe = "torchvision reference: AdamW 1e-3 (batch 1024), wd 0.05, cosine, 600 epochs, label smoothing 0.1, mixup/cutmix, EMA; 32x32 here so an epoch takes minutes on CPU")]
[WeightInit(Conv = InitRule.TruncatedNormal, ConvStd = 0.02, Linear = InitRule.TruncatedNormal, LinearStd = 0.02)]
[Network(Input = "3x224x224")]
[Variant("convnext_tiny", 96, 192, 384, 768, 3, 3, 9, 3, 0.1)]
[Variant("convnext_small", 96, 192, 384, 768, 3, 3, 27, 3, 0.4)]
[Variant("convnext_base", 128, 256, 512, 1024, 3, 3, 27, 3, 0.5)]
[Variant("convnext_large", 192, 384, 768, 1536, 3, 3, 27, 3, 0.5)]
public partial class ConvNeXt(int c1, int c2, int c3, int c4, int d1, int d2, int d3, int d4, double p, int classes = 1000)
{
    [Use(typeof(ConvNeXtFeatures), nameof(c1), nameof(c2), nameof(c3), nameof(c4), nameof(d1), nameof(d2), nameof(d3), nameof(d4), nameof(p))] Layer features;
    [GlobalAvgPool]                                                                 Layer avgpool;
    [LayerNorm2d(Eps = 1e-6), Flatten, Linear(nameof(classes))]                     Layer classifier;
}
