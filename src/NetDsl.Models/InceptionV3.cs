using NetDsl;

namespace NetDsl.Zoo.Models;

// Inception v3 (Szegedy et al., 2016, "Rethinking the Inception Architecture") as torchvision 0.14 builds it with
// weights=None: aux_logits on unless asked (the head after Mixed_6e runs only in training), transform_input off unless asked
// (torchvision turns it on with its ImageNet weights), BatchNorm eps 0.001. Branches keep torchvision's flat names (branch7x7_1 … branch7x7_3): a member with [From] continues an
// earlier member's path and only the paths' ends are concatenated, in torchvision's order. 27,161,264 parameters.

/// <summary>BasicConv2d with a rectangular window (1x7, 7x1, 1x3, 3x1): the padding keeps the map's size.</summary>
[Block]
public partial class BasicConv2dHW(int channels, int kernelH, int kernelW)
{
    [Conv(nameof(channels), nameof(kernelH), KernelW = nameof(kernelW), Padding = "(kernelH - 1) / 2", PaddingW = "(kernelW - 1) / 2",
          Bias = false)]                  Layer conv;
    [BatchNorm(Eps = 0.001), ReLU]        Layer bn;
}

/// <summary>Mixed_5b–5d: 1x1; 1x1 → 5x5; 1x1 → 3x3 → 3x3; 3x3 average pool → 1x1.</summary>
[Block, Branches(Merge.Concat)]
public partial class InceptionA(int poolFeatures)
{
    [Use(typeof(BasicConv2d), 64, 1)]                                                  Layer branch1x1;
    [Use(typeof(BasicConv2d), 48, 1)]                                                  Layer branch5x5_1;
    [From(nameof(branch5x5_1)), Use(typeof(BasicConv2d), Args = "channels: 64, kernel: 5, padding: 2")]    Layer branch5x5_2;
    [Use(typeof(BasicConv2d), 64, 1)]                                                  Layer branch3x3dbl_1;
    [From(nameof(branch3x3dbl_1)), Use(typeof(BasicConv2d), Args = "channels: 96, kernel: 3, padding: 1")] Layer branch3x3dbl_2;
    [From(nameof(branch3x3dbl_2)), Use(typeof(BasicConv2d), Args = "channels: 96, kernel: 3, padding: 1")] Layer branch3x3dbl_3;
    [AvgPool(3, Stride = 1, Padding = 1)]                                              Layer pool;
    [From(nameof(pool)), Use(typeof(BasicConv2d), nameof(poolFeatures), 1)]            Layer branch_pool;
}

/// <summary>Mixed_6a, the 35 → 17 reduction: 3x3/2; 1x1 → 3x3 → 3x3/2; 3x3/2 max pool.</summary>
[Block, Branches(Merge.Concat)]
public partial class InceptionB
{
    [Use(typeof(BasicConv2d), Args = "channels: 384, kernel: 3, stride: 2")]           Layer branch3x3;
    [Use(typeof(BasicConv2d), 64, 1)]                                                  Layer branch3x3dbl_1;
    [From(nameof(branch3x3dbl_1)), Use(typeof(BasicConv2d), Args = "channels: 96, kernel: 3, padding: 1")] Layer branch3x3dbl_2;
    [From(nameof(branch3x3dbl_2)), Use(typeof(BasicConv2d), Args = "channels: 96, kernel: 3, stride: 2")]  Layer branch3x3dbl_3;
    [MaxPool(3, Stride = 2)]                                                           Layer branch_pool;
}

/// <summary>Mixed_6b–6e: 7x7 factorised into 1x7 and 7x1 at c7 channels, once and twice, beside 1x1 and pooled 1x1.</summary>
[Block, Branches(Merge.Concat)]
public partial class InceptionC(int c7)
{
    [Use(typeof(BasicConv2d), 192, 1)]                                                 Layer branch1x1;
    [Use(typeof(BasicConv2d), nameof(c7), 1)]                                          Layer branch7x7_1;
    [From(nameof(branch7x7_1)), Use(typeof(BasicConv2dHW), nameof(c7), 1, 7)]         Layer branch7x7_2;
    [From(nameof(branch7x7_2)), Use(typeof(BasicConv2dHW), 192, 7, 1)]                Layer branch7x7_3;
    [Use(typeof(BasicConv2d), nameof(c7), 1)]                                          Layer branch7x7dbl_1;
    [From(nameof(branch7x7dbl_1)), Use(typeof(BasicConv2dHW), nameof(c7), 7, 1)]      Layer branch7x7dbl_2;
    [From(nameof(branch7x7dbl_2)), Use(typeof(BasicConv2dHW), nameof(c7), 1, 7)]      Layer branch7x7dbl_3;
    [From(nameof(branch7x7dbl_3)), Use(typeof(BasicConv2dHW), nameof(c7), 7, 1)]      Layer branch7x7dbl_4;
    [From(nameof(branch7x7dbl_4)), Use(typeof(BasicConv2dHW), 192, 1, 7)]             Layer branch7x7dbl_5;
    [AvgPool(3, Stride = 1, Padding = 1)]                                              Layer pool;
    [From(nameof(pool)), Use(typeof(BasicConv2d), 192, 1)]                             Layer branch_pool;
}

/// <summary>Mixed_7a, the 17 → 8 reduction: 1x1 → 3x3/2; 1x1 → 1x7 → 7x1 → 3x3/2; 3x3/2 max pool.</summary>
[Block, Branches(Merge.Concat)]
public partial class InceptionD
{
    [Use(typeof(BasicConv2d), 192, 1)]                                                 Layer branch3x3_1;
    [From(nameof(branch3x3_1)), Use(typeof(BasicConv2d), Args = "channels: 320, kernel: 3, stride: 2")]   Layer branch3x3_2;
    [Use(typeof(BasicConv2d), 192, 1)]                                                 Layer branch7x7x3_1;
    [From(nameof(branch7x7x3_1)), Use(typeof(BasicConv2dHW), 192, 1, 7)]              Layer branch7x7x3_2;
    [From(nameof(branch7x7x3_2)), Use(typeof(BasicConv2dHW), 192, 7, 1)]              Layer branch7x7x3_3;
    [From(nameof(branch7x7x3_3)), Use(typeof(BasicConv2d), Args = "channels: 192, kernel: 3, stride: 2")] Layer branch7x7x3_4;
    [MaxPool(3, Stride = 2)]                                                           Layer branch_pool;
}

/// <summary>Mixed_7b/7c: the 3x3s split into parallel 1x3 and 3x1 (InceptionE); each split's two ends are concatenated in place.</summary>
[Block, Branches(Merge.Concat)]
public partial class InceptionE
{
    [Use(typeof(BasicConv2d), 320, 1)]                                                 Layer branch1x1;
    [Use(typeof(BasicConv2d), 384, 1)]                                                 Layer branch3x3_1;
    [From(nameof(branch3x3_1)), Use(typeof(BasicConv2dHW), 384, 1, 3)]                Layer branch3x3_2a;
    [From(nameof(branch3x3_1)), Use(typeof(BasicConv2dHW), 384, 3, 1)]                Layer branch3x3_2b;
    [Use(typeof(BasicConv2d), 448, 1)]                                                 Layer branch3x3dbl_1;
    [From(nameof(branch3x3dbl_1)), Use(typeof(BasicConv2d), Args = "channels: 384, kernel: 3, padding: 1")] Layer branch3x3dbl_2;
    [From(nameof(branch3x3dbl_2)), Use(typeof(BasicConv2dHW), 384, 1, 3)]             Layer branch3x3dbl_3a;
    [From(nameof(branch3x3dbl_2)), Use(typeof(BasicConv2dHW), 384, 3, 1)]             Layer branch3x3dbl_3b;
    [AvgPool(3, Stride = 1, Padding = 1)]                                              Layer pool;
    [From(nameof(pool)), Use(typeof(BasicConv2d), 192, 1)]                             Layer branch_pool;
}

/// <summary>BasicConv2d (conv without bias, BatchNorm eps 0.001, ReLU) where its 5x5 window leaves a 1x1 map.</summary>
// torchvision's InceptionAux normalises that 1x1 map (ND0102; PyTorch refuses it for a training batch of one too):
// kept so the state dict and outputs stay torchvision's.
#pragma warning disable ND0102
[Block]
public partial class AuxConv2d(int channels, int kernel)
{
    [Conv(nameof(channels), nameof(kernel), Bias = false)] Layer conv;
    [BatchNorm(Eps = 0.001), ReLU]                         Layer bn;
}
#pragma warning restore ND0102

/// <summary>The auxiliary classifier on Mixed_6e (17x17): 5x5/3 average pool, 1x1 to 128, 5x5 to 768, global pool, FC.</summary>
[Block]
public partial class InceptionV3Aux(int classes)
{
    [AvgPool(5, Stride = 3)]                    Layer pool;
    [Use(typeof(BasicConv2d), 128, 1)]          Layer conv0;
    [Use(typeof(AuxConv2d), 768, 5)]            Layer conv1;
    [GlobalAvgPool, Flatten]                    Layer avgpool;
    [Linear(nameof(classes))]                   Layer fc;
}

/// <summary>
/// Inception v3 with its auxiliary head (weight 0.4, torchvision's reference recipe), 299x299 input. With <c>auxLogits</c>
/// false (torchvision's <c>aux_logits=False</c>) the head is not built at all: no AuxLogits parameters or state-dict keys, and
/// inputs down to 75x75 are accepted (the head's 5x5 window needs the 17x17 map of a 299x299 input). With
/// <c>transformInput</c> the input, normalised with ImageNet's mean and std, is re-normalised to (x - 0.5) / 0.5 per channel
/// first, as torchvision's <c>transform_input=True</c> (what <c>inception_v3(weights=...)</c> sets: its ImageNet weights
/// were trained on that scale); off by default, as torchvision's builder without weights.
/// </summary>
// Without the auxiliary head (it needs 299x299, where 640 images took 3.5 minutes and stayed at chance) at the smallest input
// the trunk takes: 2 x 10,000 images in ~220 s. torchvision's std 0.1 classifier starts with logits of std ~3 (first loss ~5),
// which 3e-3 brings down within the first epoch (1e-3: 0.21, 3e-3: 0.25 after 3,000 images; 2 epochs of 10,000: 0.51).
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 16, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x75x75", TrainImages = 10000, Arguments = "auxLogits=false", Metric = 0.4,
           Recipe = "torchvision reference: RMSprop 0.045 (batch 32), 299x299, aux loss 0.4, label smoothing; AdamW here, without the aux head at 75x75")]
// torchvision's init: truncated normal, std 0.1, except the auxiliary head's 5x5 convolution (0.01) and classifier (0.001).
[WeightInit(Conv = InitRule.TruncatedNormal, ConvStd = 0.1, Linear = InitRule.TruncatedNormal, LinearStd = 0.1,
            ByPath = "AuxLogits.conv1: TruncatedNormal(0.01), AuxLogits.fc: TruncatedNormal(0.001)")]
[Network(Input = "3x299x299", Name = "inception_v3")]
public partial class InceptionV3(int classes = 1000, bool transformInput = false, bool auxLogits = true)
{
    // x_c · (std_c / 0.5) + (mean_c - 0.5) / 0.5 with ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).
    [ChannelAffine("0.458, 0.448, 0.45", "-0.03, -0.088, -0.188", Enabled = nameof(transformInput))] Layer transform_input;
    [Use(typeof(BasicConv2d), Args = "channels: 32, kernel: 3, stride: 2")]  Layer Conv2d_1a_3x3;
    [Use(typeof(BasicConv2d), 32, 3)]                                       Layer Conv2d_2a_3x3;
    [Use(typeof(BasicConv2d), Args = "channels: 64, kernel: 3, padding: 1")] Layer Conv2d_2b_3x3;
    [MaxPool(3, Stride = 2)]                                                Layer maxpool1;
    [Use(typeof(BasicConv2d), 80, 1)]                                       Layer Conv2d_3b_1x1;
    [Use(typeof(BasicConv2d), 192, 3)]                                      Layer Conv2d_4a_3x3;
    [MaxPool(3, Stride = 2)]                                                Layer maxpool2;
    [Use(typeof(InceptionA), 32)]                                           Layer Mixed_5b;
    [Use(typeof(InceptionA), 64)]                                           Layer Mixed_5c;
    [Use(typeof(InceptionA), 64)]                                           Layer Mixed_5d;
    [Use(typeof(InceptionB))]                                               Layer Mixed_6a;
    [Use(typeof(InceptionC), 128)]                                          Layer Mixed_6b;
    [Use(typeof(InceptionC), 160)]                                          Layer Mixed_6c;
    [Use(typeof(InceptionC), 160)]                                          Layer Mixed_6d;
    [Use(typeof(InceptionC), 192)]                                          Layer Mixed_6e;
    [Aux(nameof(Mixed_6e), Weight = 0.4, Enabled = nameof(auxLogits)), Use(typeof(InceptionV3Aux), nameof(classes))] Layer AuxLogits;
    [Use(typeof(InceptionD))]                                               Layer Mixed_7a;
    [Use(typeof(InceptionE))]                                               Layer Mixed_7b;
    [Use(typeof(InceptionE))]                                               Layer Mixed_7c;
    [GlobalAvgPool]                                                         Layer avgpool;
    [Dropout(0.5), Flatten]                                                 Layer dropout;
    [Linear(nameof(classes))]                                               Layer fc;
}
