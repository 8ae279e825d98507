using NetDsl;

namespace NetDsl.Zoo.Models;

// MobileNetV3 (Howard et al., 2019) as torchvision builds it: inverted residuals with an optional
// expansion, optional squeeze-excitation (a quarter of the expanded width, rounded to 8, gated by a
// hard sigmoid) and ReLU or hard-swish per block; BatchNorm eps 0.001, momentum 0.01.
// Sizes: large 5,483,032 and small 2,542,856 parameters (torchvision 0.14).

/// <summary>Convolution (no bias), BatchNorm (eps 0.001, momentum 0.01), activation (none for projections).</summary>
[Block(Indexed = true)]
public partial class ConvBNAct(int channels, int kernel = 1, int stride = 1, int groups = 1, Act act = Act.Hardswish, int dilation = 1)
{
    [Conv(nameof(channels), nameof(kernel), Stride = nameof(stride), Padding = "(kernel - 1) / 2 * dilation",
          Dilation = nameof(dilation), Groups = nameof(groups), Bias = false)]    Layer conv;
    [BatchNorm(Eps = 0.001, Momentum = 0.01)]        Layer norm;
    [Activation(nameof(act))]                        Layer activation;
}

/// <summary>Expand (1x1) to <c>expanded</c>, depthwise k x k, project (1x1, linear); a skip where the shape is kept.</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class MobileV3Block(int outChannels, int expanded, int kernel, int stride, Act act)
{
    [Use(typeof(ConvBNAct), Args = "channels: expanded, act: act"),
     Use(typeof(ConvBNAct), Args = "channels: C, kernel: kernel, stride: stride, groups: C, act: act"),
     Use(typeof(ConvBNAct), Args = "channels: outChannels, act: None")] Layer block;
}

/// <summary><see cref="MobileV3Block"/> with squeeze-excitation after the depthwise convolution (dilated in the segmentation backbone).</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class MobileV3BlockSE(int outChannels, int expanded, int kernel, int stride, Act act, int dilation = 1)
{
    [Use(typeof(ConvBNAct), Args = "channels: expanded, act: act"),
     Use(typeof(ConvBNAct), Args = "channels: C, kernel: kernel, stride: stride, groups: C, act: act, dilation: dilation"),
     SqueezeExcitation("make_divisible(C / 4, 8)", Act = Act.ReLU, Gate = Act.Hardsigmoid),
     Use(typeof(ConvBNAct), Args = "channels: outChannels, act: None")] Layer block;
}

/// <summary>The first block when the expanded width equals the input's: no expansion convolution (SE optional).</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class MobileV3First(int outChannels, int kernel, int stride)
{
    [Use(typeof(ConvBNAct), Args = "channels: C, kernel: kernel, stride: stride, groups: C, act: ReLU"),
     Use(typeof(ConvBNAct), Args = "channels: outChannels, act: None")] Layer block;
}

/// <summary><see cref="MobileV3First"/> with squeeze-excitation (MobileNetV3-Small).</summary>
[Block, Residual(IfShapesMatch = true)]
public partial class MobileV3FirstSE(int outChannels, int kernel, int stride)
{
    [Use(typeof(ConvBNAct), Args = "channels: C, kernel: kernel, stride: stride, groups: C, act: ReLU"),
     SqueezeExcitation("make_divisible(C / 4, 8)", Act = Act.ReLU, Gate = Act.Hardsigmoid),
     Use(typeof(ConvBNAct), Args = "channels: outChannels, act: None")] Layer block;
}

/// <summary>
/// MobileNetV3-Large's <c>features</c>: torchvision's table, one row per member. dilation = 2 is torchvision's
/// segmentation backbone (dilated=True): the last stage keeps stride 1 (2 / dilation) and dilates its depthwise convs.
/// </summary>
[Block(Indexed = true)]
public partial class MobileNetV3LargeFeatures(int dilation = 1)
{
    [Use(typeof(ConvBNAct), 16, 3, 2)]                                   Layer stem;
    [Use(typeof(MobileV3First), 16, 3, 1)]                               Layer b1;
    [Use(typeof(MobileV3Block), 24, 64, 3, 2, Act.ReLU)]                 Layer b2;
    [Use(typeof(MobileV3Block), 24, 72, 3, 1, Act.ReLU)]                 Layer b3;
    [Use(typeof(MobileV3BlockSE), 40, 72, 5, 2, Act.ReLU)]               Layer b4;
    [Use(typeof(MobileV3BlockSE), 40, 120, 5, 1, Act.ReLU)]              Layer b5;
    [Use(typeof(MobileV3BlockSE), 40, 120, 5, 1, Act.ReLU)]              Layer b6;
    [Use(typeof(MobileV3Block), 80, 240, 3, 2, Act.Hardswish)]           Layer b7;
    [Use(typeof(MobileV3Block), 80, 200, 3, 1, Act.Hardswish)]           Layer b8;
    [Use(typeof(MobileV3Block), 80, 184, 3, 1, Act.Hardswish)]           Layer b9;
    [Use(typeof(MobileV3Block), 80, 184, 3, 1, Act.Hardswish)]           Layer b10;
    [Use(typeof(MobileV3BlockSE), 112, 480, 3, 1, Act.Hardswish)]        Layer b11;
    [Use(typeof(MobileV3BlockSE), 112, 672, 3, 1, Act.Hardswish)]        Layer b12;
    [Use(typeof(MobileV3BlockSE), 160, 672, 5, "2 / dilation", Act.Hardswish, nameof(dilation))] Layer b13;
    [Use(typeof(MobileV3BlockSE), 160, 960, 5, 1, Act.Hardswish, nameof(dilation))]              Layer b14;
    [Use(typeof(MobileV3BlockSE), 160, 960, 5, 1, Act.Hardswish, nameof(dilation))]              Layer b15;
    [Use(typeof(ConvBNAct), 960)]                                        Layer head;
}

/// <summary>MobileNetV3-Small's <c>features</c>.</summary>
[Block(Indexed = true)]
public partial class MobileNetV3SmallFeatures
{
    [Use(typeof(ConvBNAct), 16, 3, 2)]                                   Layer stem;
    [Use(typeof(MobileV3FirstSE), 16, 3, 2)]                             Layer b1;
    [Use(typeof(MobileV3Block), 24, 72, 3, 2, Act.ReLU)]                 Layer b2;
    [Use(typeof(MobileV3Block), 24, 88, 3, 1, Act.ReLU)]                 Layer b3;
    [Use(typeof(MobileV3BlockSE), 40, 96, 5, 2, Act.Hardswish)]          Layer b4;
    [Use(typeof(MobileV3BlockSE), 40, 240, 5, 1, Act.Hardswish)]         Layer b5;
    [Use(typeof(MobileV3BlockSE), 40, 240, 5, 1, Act.Hardswish)]         Layer b6;
    [Use(typeof(MobileV3BlockSE), 48, 120, 5, 1, Act.Hardswish)]         Layer b7;
    [Use(typeof(MobileV3BlockSE), 48, 144, 5, 1, Act.Hardswish)]         Layer b8;
    [Use(typeof(MobileV3BlockSE), 96, 288, 5, 2, Act.Hardswish)]         Layer b9;
    [Use(typeof(MobileV3BlockSE), 96, 576, 5, 1, Act.Hardswish)]         Layer b10;
    [Use(typeof(MobileV3BlockSE), 96, 576, 5, 1, Act.Hardswish)]         Layer b11;
    [Use(typeof(ConvBNAct), 576)]                                        Layer head;
}

/// <summary>MobileNetV3-Large: features, pooling, FC 1280 + hard-swish + dropout, FC to the classes.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2, PreciseBatchNorm = 20,
           TrainInput = "3x64x64", TrainImages = 10000, Metric = 0.9, Recipe = "torchvision: RMSprop 0.064 (batch 1024), wd 1e-5, 600 epochs, step decay 0.973 every 2 epochs; AdamW here")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.Normal, LinearStd = 0.01)]
[Network(Input = "3x224x224", Name = "mobilenet_v3_large")]
public partial class MobileNetV3Large(int classes = 1000)
{
    [Use(typeof(MobileNetV3LargeFeatures))]                                   Layer features;
    [GlobalAvgPool, Flatten]                                                  Layer avgpool;
    [Linear(1280), Hardswish, Dropout(0.2), Linear(nameof(classes))]          Layer classifier;
}

/// <summary>MobileNetV3-Small: features, pooling, FC 1024 + hard-swish + dropout, FC to the classes.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x64x64", TrainImages = 6000, Metric = 0.53, Recipe = "torchvision: RMSprop 0.064 (batch 1024), wd 1e-5, 600 epochs step; AdamW here")]
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.Normal, LinearStd = 0.01)]
[Network(Input = "3x224x224", Name = "mobilenet_v3_small")]
public partial class MobileNetV3Small(int classes = 1000)
{
    [Use(typeof(MobileNetV3SmallFeatures))]                                   Layer features;
    [GlobalAvgPool, Flatten]                                                  Layer avgpool;
    [Linear(1024), Hardswish, Dropout(0.2), Linear(nameof(classes))]          Layer classifier;
}
