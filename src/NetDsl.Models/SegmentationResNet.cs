using NetDsl;

namespace NetDsl.Zoo.Models;

// torchvision's segmentation models on a dilated ResNet-50 or ResNet-101 (output stride 8): layer3 and layer4 keep
// stride 1 and dilate instead (the first block of each stage keeps the previous dilation, as
// torchvision's _make_layer does). Both are built without the auxiliary FCN head on layer3, as
// torchvision builds them with weights=None (published checkpoints add it: 35,322,218 and 42,004,074).
// fcn_resnet50: 32,957,013 parameters; deeplabv3_resnet50: 39,638,869; fcn_resnet101: 51,949,141;
// deeplabv3_resnet101: 58,630,997 (torchvision 0.14). The 101-layer variants differ only in layer3's depth (23).

/// <summary>The segmentation cards' recipe note (FCN, DeepLabV3 and LR-ASPP: one reference recipe, AdamW here).</summary>
internal static class SegmentationRecipes
{
    internal const string Adamw = "torchvision segmentation reference: SGD 0.02 (batch 32) momentum 0.9, wd 1e-4, poly, 30 epochs; AdamW here";
}

/// <summary>ResNet-50 (d3 = 6) or -101 (d3 = 23) without pooling and classifier, layer3/layer4 dilated 2 and 4: torchvision's <c>backbone</c>.</summary>
[Block]
public partial class DilatedResNet(int d3 = 6)
{
    [Conv(64, 7, Stride = 2, Padding = 3, Bias = false)]                   Layer conv1;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)]                 Layer bn1;
    [Repeat(3, typeof(Bottleneck), 64)]                                    Layer layer1;
    [Repeat(4, typeof(Bottleneck), 128, First = "stride: 2")]                Layer layer2;
    [Repeat(nameof(d3), typeof(Bottleneck), Args = "planes: 256, dilation: 1 + min(i, 1)")] Layer layer3;
    [Repeat(3, typeof(Bottleneck), Args = "planes: 512, dilation: 2 + 2 * min(i, 1)")] Layer layer4;
}

/// <summary>FCN on the dilated ResNet-50/101: 3x3 conv head with dropout, 1x1 scores, bilinear upsampling to the input size.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.45, Recipe = SegmentationRecipes.Adamw)]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, ZeroInitResidual = true)]
[Network(Input = "3xHxW", Default = "3x520x520", Task = ModelTask.Segmentation)]
[Variant("fcn_resnet50", 6)]
[Variant("fcn_resnet101", 23)]
public partial class FcnResNet(int d3, int classes = 21)
{
    [Use(typeof(DilatedResNet), nameof(d3))]                                                                   Layer backbone;
    [Conv(512, 3, Padding = 1, Bias = false), BatchNorm, ReLU, Dropout(0.1), Conv(nameof(classes), 1)] Layer classifier;
    [Upsample(Height = "InH", Width = "InW", Mode = Interpolation.Bilinear)]                          Layer upsample;
}

/// <summary>
/// Atrous spatial pyramid pooling's branches: a 1x1 conv, three 3x3 convs dilated by the rates, and image
/// pooling (global pool, 1x1 conv, upsampled back), each with BatchNorm and ReLU, concatenated.
/// </summary>
// torchvision's image-pooling branch normalises a 1x1 map (ND0102; PyTorch refuses it for a training batch of one too):
// kept so the state dict and outputs stay torchvision's.
#pragma warning disable ND0102
[Block(Indexed = true), Branches(Merge.Concat)]
public partial class AsppBranches(int rate1, int rate2, int rate3, int channels = 256)
{
    [Conv(nameof(channels), 1, Bias = false), BatchNorm, ReLU]                                                            Layer reduce;
    [Conv(nameof(channels), 3, Padding = nameof(rate1), Dilation = nameof(rate1), Bias = false), BatchNorm, ReLU]         Layer atrous1;
    [Conv(nameof(channels), 3, Padding = nameof(rate2), Dilation = nameof(rate2), Bias = false), BatchNorm, ReLU]         Layer atrous2;
    [Conv(nameof(channels), 3, Padding = nameof(rate3), Dilation = nameof(rate3), Bias = false), BatchNorm, ReLU]         Layer atrous3;
    [AdaptiveAvgPool(1), Conv(nameof(channels), 1, Bias = false), BatchNorm, ReLU,
     Upsample(Height = "InH", Width = "InW", Mode = Interpolation.Bilinear)]                                              Layer pooling;
}
#pragma warning restore ND0102

/// <summary>ASPP: the five branches, then a 1x1 projection with BatchNorm, ReLU and dropout 0.5.</summary>
[Block]
public partial class Aspp(int rate1, int rate2, int rate3)
{
    [Use(typeof(AsppBranches), nameof(rate1), nameof(rate2), nameof(rate3))] Layer convs;
    [Conv(256, 1, Bias = false), BatchNorm, ReLU, Dropout(0.5)]             Layer project;
}

/// <summary>DeepLabV3 on the dilated ResNet-50/101: ASPP with rates 12/24/36 at output stride 8, a 3x3 conv, scores, bilinear upsampling.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1,
           TrainInput = "3x32x32", TrainImages = 10000, Metric = 0.3, Recipe = SegmentationRecipes.Adamw)]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, ZeroInitResidual = true)]
[Network(Input = "3xHxW", Default = "3x520x520", Task = ModelTask.Segmentation)]
[Variant("deeplabv3_resnet50", 6)]
[Variant("deeplabv3_resnet101", 23)]
public partial class DeepLabV3ResNet(int d3, int classes = 21)
{
    [Use(typeof(DilatedResNet), nameof(d3))]                                                  Layer backbone;
    [Use(typeof(Aspp), 12, 24, 36), Conv(256, 3, Padding = 1, Bias = false), BatchNorm, ReLU,
     Conv(nameof(classes), 1)]                                                      Layer classifier;
    [Upsample(Height = "InH", Width = "InW", Mode = Interpolation.Bilinear)]       Layer upsample;
}

/// <summary>
/// DeepLabV3 on the dilated MobileNetV3-Large (output stride 16): torchvision's backbone is <c>features</c> up to the
/// 960-channel head, then the same DeepLabHead as the ResNet models. 11,025,477 parameters (weights=None, no aux head).
/// </summary>
// Precise BN for the backbone's momentum 0.01, as LR-ASPP's card. With only the stride-16 map and no low-level path, unlike
// LR-ASPP, it needs the larger input and more steps: background everywhere after one epoch at 32x32 (mIoU 0.119, its 2x2 map);
// at 64x64 (a 4x4 map) over 10,000 images, 2 epochs 0.195 in 180 s, 3 epochs 0.451 in 270 s (2 cores).
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 3, PreciseBatchNorm = 20,
           TrainInput = "3x64x64", TrainImages = 10000, Metric = 0.35, Recipe = SegmentationRecipes.Adamw)]
[WeightInit(Conv = InitRule.KaimingNormalFanOut)]
[Network(Input = "3xHxW", Default = "3x520x520", Name = "deeplabv3_mobilenet_v3_large", Task = ModelTask.Segmentation)]
public partial class DeepLabV3MobileNetV3(int classes = 21)
{
    [Use(typeof(MobileNetV3LargeFeatures), 2)]                                     Layer backbone;
    [Use(typeof(Aspp), 12, 24, 36), Conv(256, 3, Padding = 1, Bias = false), BatchNorm, ReLU,
     Conv(nameof(classes), 1)]                                                      Layer classifier;
    [Upsample(Height = "InH", Width = "InW", Mode = Interpolation.Bilinear)]       Layer upsample;
}

/// <summary>
/// LR-ASPP (Howard et al., 2019, "Searching for MobileNetV3", §6.3) on the dilated MobileNetV3-Large, as torchvision builds
/// it: the backbone's stride-8 output (<c>backbone.4</c>, 40 channels: torchvision's "low") and its last (<c>backbone.16</c>, 960
/// channels at stride 16: "high"); the head gates a 1x1 convolution of high (BatchNorm, ReLU) by a pooled 1x1 convolution's
/// sigmoid, upsamples it to low's size, classifies both 1x1 and adds them, then upsamples to the input. The head's parts are
/// registered under <c>classifier</c> (torchvision's LRASPPHead) though forward wires them here. 3,221,538 parameters.
/// </summary>
// The backbone's BatchNorm momentum is 0.01: after a short run its running statistics are still mostly the initial ones, so
// the card re-estimates them (PreciseBatchNorm; without it the eval output is background everywhere, mIoU 0.119). At 32x32
// the stride-16 map is 2x2; at 64x64, 10,000 images, 2 epochs and 3e-3 it reaches mIoU 0.77 (one epoch at 32x32 or 64x64: 0.17).
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x64x64", TrainImages = 10000, Metric = 0.5,
           Recipe = SegmentationRecipes.Adamw)]
[WeightInit(Conv = InitRule.KaimingNormalFanOut)]
[Network(Input = "3xHxW", Default = "3x520x520", Name = "lraspp_mobilenet_v3_large", Task = ModelTask.Segmentation)]
public partial class LRASPPMobileNetV3(int classes = 21)
{
    [Use(typeof(MobileNetV3LargeFeatures), 2)]                                                          Layer backbone;   // high: backbone.16
    [Under("classifier"), Conv(128, 1, Bias = false), BatchNorm, ReLU]                                  Layer cbr;
    [Under("classifier"), From(nameof(backbone)), AdaptiveAvgPool(1), Conv(128, 1, Bias = false), Sigmoid] Layer scale;
    [Under("classifier"), From("backbone.4"), Conv(nameof(classes), 1)]                                 Layer low_classifier;
    // cbr(high) * scale(high), bilinearly resized to low's size (stride 8: three stride-2 steps each round up, so ⌈H/8⌉).
    [From(nameof(cbr)), Multiply(nameof(scale)),
     Upsample(Height = "(InH + 7) / 8", Width = "(InW + 7) / 8", Mode = Interpolation.Bilinear)]      Layer resize;
    [Under("classifier"), Conv(nameof(classes), 1)]                                                     Layer high_classifier;
    [Add(nameof(low_classifier)), Upsample(Height = "InH", Width = "InW", Mode = Interpolation.Bilinear)] Layer upsample;
}
