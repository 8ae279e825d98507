using NetDsl;

namespace NetDsl.Zoo.Models;

// GoogLeNet (Szegedy et al., 2015) as torchvision builds it: Inception modules as four parallel branches
// concatenated along channels, and two auxiliary classifiers on inception4a and inception4d that run
// only in training (their losses weighted 0.3). torchvision uses a 3x3 convolution in the "5x5" branch
// and BatchNorm with eps 0.001; so does this declaration.
// Sizes: 13,004,888 parameters with the auxiliary heads, 6,624,904 without (torchvision 0.14; auxLogits: false).

/// <summary>Convolution without bias, BatchNorm (eps 0.001), ReLU: torchvision's BasicConv2d.</summary>
[Block]
public partial class BasicConv2d(int channels, int kernel, int stride = 1, int padding = 0)
{
    [Conv(nameof(channels), nameof(kernel), Stride = nameof(stride), Padding = nameof(padding), Bias = false)] Layer conv;
    [BatchNorm(Eps = 0.001), ReLU]                                                                           Layer bn;
}

/// <summary>1x1; 1x1 → 3x3; 1x1 → 3x3; 3x3 max pool → 1x1 projection; concatenated.</summary>
[Block, Branches(Merge.Concat)]
public partial class Inception(int ch1x1, int ch3x3red, int ch3x3, int ch5x5red, int ch5x5, int poolProj)
{
    [Use(typeof(BasicConv2d), nameof(ch1x1), 1)]                                                      Layer branch1;
    [Use(typeof(BasicConv2d), nameof(ch3x3red), 1), Use(typeof(BasicConv2d), Args = "channels: ch3x3, kernel: 3, padding: 1")] Layer branch2;
    [Use(typeof(BasicConv2d), nameof(ch5x5red), 1), Use(typeof(BasicConv2d), Args = "channels: ch5x5, kernel: 3, padding: 1")] Layer branch3;
    [MaxPool(3, Stride = 1, Padding = 1, CeilMode = true), Use(typeof(BasicConv2d), nameof(poolProj), 1)] Layer branch4;
}

/// <summary>An auxiliary classifier: 4x4 average pool, 1x1 conv to 128, FC 1024 + ReLU, dropout 0.7, FC to the classes.</summary>
[Block]
public partial class InceptionAux(int classes)
{
    [AdaptiveAvgPool(4)]                        Layer pool;
    [Use(typeof(BasicConv2d), 128, 1)]          Layer conv;
    [Flatten]                                   Layer flatten;
    [Linear(1024), ReLU, Dropout(0.7)]          Layer fc1;
    [Linear(nameof(classes))]                   Layer fc2;
}

/// <summary>
/// GoogLeNet (Inception v1) with its two auxiliary heads; with <c>auxLogits</c> false (torchvision's <c>aux_logits=False</c>)
/// neither is built: no aux1/aux2 parameters or state-dict keys.
/// </summary>
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20,
           TrainInput = "3x32x32", TrainImages = 4000, Metric = 0.33, Recipe = "Szegedy et al.: SGD momentum 0.9, rate -4% every 8 epochs; torchvision BN variant; AdamW here")]
[WeightInit(Conv = InitRule.TruncatedNormal, ConvStd = 0.01, Linear = InitRule.TruncatedNormal, LinearStd = 0.01)]
[Network(Input = "3x224x224", Name = "googlenet")]
public partial class GoogLeNet(int classes = 1000, bool auxLogits = true)
{
    [Use(typeof(BasicConv2d), Args = "channels: 64, kernel: 7, stride: 2, padding: 3")] Layer conv1;
    [MaxPool(3, Stride = 2, CeilMode = true)]                      Layer maxpool1;
    [Use(typeof(BasicConv2d), 64, 1)]                              Layer conv2;
    [Use(typeof(BasicConv2d), Args = "channels: 192, kernel: 3, padding: 1")]           Layer conv3;
    [MaxPool(3, Stride = 2, CeilMode = true)]                      Layer maxpool2;
    // Inception columns as in the paper's table: ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj.
    [Use(typeof(Inception), 64, 96, 128, 16, 32, 32)]              Layer inception3a;
    [Use(typeof(Inception), 128, 128, 192, 32, 96, 64)]            Layer inception3b;
    [MaxPool(3, Stride = 2, CeilMode = true)]                      Layer maxpool3;
    [Use(typeof(Inception), 192, 96, 208, 16, 48, 64)]             Layer inception4a;
    [Use(typeof(Inception), 160, 112, 224, 24, 64, 64)]            Layer inception4b;
    [Use(typeof(Inception), 128, 128, 256, 24, 64, 64)]            Layer inception4c;
    [Use(typeof(Inception), 112, 144, 288, 32, 64, 64)]            Layer inception4d;
    [Use(typeof(Inception), 256, 160, 320, 32, 128, 128)]          Layer inception4e;
    [MaxPool(2, Stride = 2, CeilMode = true)]                      Layer maxpool4;
    [Use(typeof(Inception), 256, 160, 320, 32, 128, 128)]          Layer inception5a;
    [Use(typeof(Inception), 384, 192, 384, 48, 128, 128)]          Layer inception5b;
    [Aux(nameof(inception4a), Weight = 0.3, Enabled = nameof(auxLogits)), Use(typeof(InceptionAux), nameof(classes))] Layer aux1;
    [Aux(nameof(inception4d), Weight = 0.3, Enabled = nameof(auxLogits)), Use(typeof(InceptionAux), nameof(classes))] Layer aux2;
    [GlobalAvgPool, Flatten]                                       Layer avgpool;
    [Dropout(0.2)]                                                 Layer dropout;
    [Linear(nameof(classes))]                                      Layer fc;
}
