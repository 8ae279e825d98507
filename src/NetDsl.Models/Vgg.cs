using NetDsl;

namespace NetDsl.Zoo.Models;

// VGG (Simonyan & Zisserman, 2014), configurations A, B, D, E as in torchvision, with and without BatchNorm.

/// <summary>VGG: a ConvStack of 3x3 convolutions and 2x2 pools, then a three-layer classifier.</summary>
// Measured on 2 cores with the data-sized head, 32x32: under AdamW 2e-4 plain VGG-11/13 left chance (0.632/0.572 over
// 8,000 images) but VGG-16/19 stayed there. Adam moves every weight of a unit by about the rate, all in one direction
// when its inputs are post-ReLU (non-negative), so a 25,088-input fc6 unit shifts by rate x 25,088 x mean input per
// step and units die. SGD moves weights by their gradients: torchvision's 0.01 with He's fan-in init (the signal
// reaching the head 13x stronger than fan-out's at 32x32) took VGG-16 from chance to 0.47 over 8,000 images. Over
// 16,000 images, 330-440 s each on 2 cores, VGG-11/13/16/19 reach 0.928/0.997/0.852/0.381 (8,000: 0.535/0.811/0.470,
// VGG-19 0.349 over 12,000): VGG-19 is the one that learns late, as in the paper, which started it from VGG-11's weights.
[ModelCard("vgg11", "vgg13", "vgg16", "vgg19", Optimizer = "sgd", LearningRate = 0.01, Momentum = 0.9, WeightDecay = 5e-4, WarmupEpochs = 0.2,
           BatchSize = 16, Epochs = 1, TrainInput = "3x32x32", TrainImages = 16000,
           Metric = 0.3, Recipe = PlainRecipe)]
// The BatchNorm VGGs learn late at AdamW 2e-4 (SGD 0.01 left VGG-19-BN at chance, 0.02 diverged), so they take 16,000
// images, 330-380 s each on 2 cores (VGG-11/13/16/19-BN: 0.483/0.420/0.349/0.245 over 6,000, 0.966/0.964/0.869/0.743 over 16,000).
[ModelCard("vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn", Optimizer = "adamw", LearningRate = 2e-4, WeightDecay = 0.05, LabelSmoothing = 0.1, WarmupEpochs = 0.2,
           BatchSize = 32, Epochs = 1, PreciseBatchNorm = 20, TrainInput = "3x32x32", TrainImages = 16000,
           Metric = 0.6, Recipe = BatchNormRecipe)]
[WeightInit(Conv = InitRule.KaimingNormalFanIn, Linear = InitRule.Normal, LinearStd = 0.01)]
[Network(Input = "3x224x224")]
[Variant("vgg11", Vgg.A, false)]
[Variant("vgg11_bn", Vgg.A, true)]
[Variant("vgg13", Vgg.B, false)]
[Variant("vgg13_bn", Vgg.B, true)]
[Variant("vgg16", Vgg.D, false)]
[Variant("vgg16_bn", Vgg.D, true)]
[Variant("vgg19", Vgg.E, false)]
[Variant("vgg19_bn", Vgg.E, true)]
public partial class Vgg(string cfg, bool batchNorm, int classes = 1000, double dropout = 0.5)
{
    // The recipes the plain and the BatchNorm cards scale down.
    const string BatchNormRecipe = "torchvision: SGD 0.1 momentum 0.9, wd 5e-4, batch 256, 90 epochs (BatchNorm allows the higher rate)";
    const string PlainRecipe = "torchvision: SGD 0.01 momentum 0.9, wd 5e-4, batch 256, 90 epochs; He's fan-in init (Adam left VGG-16/19 at chance)";

    /// <summary>Configuration A of the paper (VGG-11): convolution widths, M for a max pool.</summary>
    public const string A = "64 M 128 M 256 256 M 512 512 M 512 512 M";
    /// <summary>Configuration B of the paper (VGG-13): convolution widths, M for a max pool.</summary>
    public const string B = "64 64 M 128 128 M 256 256 M 512 512 M 512 512 M";
    /// <summary>Configuration D of the paper (VGG-16): convolution widths, M for a max pool.</summary>
    public const string D = "64 64 M 128 128 M 256 256 256 M 512 512 512 M 512 512 512 M";
    /// <summary>Configuration E of the paper (VGG-19): convolution widths, M for a max pool.</summary>
    public const string E = "64 64 M 128 128 M 256 256 256 256 M 512 512 512 512 M 512 512 512 512 M";

    [ConvStack(nameof(cfg), BatchNorm = nameof(batchNorm))] Layer features;
    [AdaptiveAvgPool(7, 7), Flatten]                         Layer avgpool;
    [Linear(4096), ReLU, Dropout(nameof(dropout)),
     Linear(4096), ReLU, Dropout(nameof(dropout)),
     Linear(nameof(classes))]                                Layer classifier;
}
