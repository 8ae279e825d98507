using NetDsl;

namespace NetDsl.Zoo.Models;

// Hypercolumns (Hariharan, Arbeláez, Girshick & Malik, CVPR 2015) on VGG-16: a pixel is described by the activations of
// every layer above it. The trunk is torchvision's vgg16().features without pool5, split where it is tapped: conv3
// holds features.0-15 under the same indices, conv4 features.16-22 as 0-6 and conv5 features.23-29 as 0-6 (each
// after its block's last ReLU, at strides 4, 8 and 16). Each tap is reduced by a 1x1 convolution (computed at the tap's
// resolution, as the paper notes a linear classifier can be; BatchNorm and ReLU are added so the trunk trains from
// scratch), upsampled bilinearly to the input's size and concatenated; a 1x1 convolution classifies every pixel.

/// <summary>Hypercolumns on VGG-16: conv3/conv4/conv5 taps, each reduced to <paramref name="width"/> channels and upsampled to the input, concatenated, 1x1 classifier.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-4, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 1,
           TrainInput = "3x64x64", TrainImages = 2000, Metric = 0.14,
           Recipe = "Hariharan et al.: SGD fine-tuning (Caffe) of an ImageNet-pretrained network on SBD; AdamW from scratch here, BatchNorm on the tap reductions")]
// VGG's rule (torchvision's vgg16 init): under PyTorch's default the unnormalised 13-convolution trunk passes almost no signal.
[WeightInit(Conv = InitRule.KaimingNormalFanOut)]
[Network(Input = "3xHxW", Default = "3x224x224", Name = "hypercolumns", Task = ModelTask.Segmentation)]
public partial class Hypercolumns(int classes = 21, int width = 128)
{
    [ConvStack("64 64 M 128 128 M 256 256 256")]                                                                        Layer conv3;
    [ConvStack("M 512 512 512")]                                                                                        Layer conv4;
    [ConvStack("M 512 512 512")]                                                                                        Layer conv5;
    [From(nameof(conv3)), Conv(nameof(width), 1, Bias = false), BatchNorm, ReLU,
     Upsample(Height = "InH", Width = "InW", Mode = Interpolation.Bilinear)]                                            Layer hyper3;
    [From(nameof(conv4)), Conv(nameof(width), 1, Bias = false), BatchNorm, ReLU,
     Upsample(Height = "InH", Width = "InW", Mode = Interpolation.Bilinear)]                                            Layer hyper4;
    [From(nameof(conv5)), Conv(nameof(width), 1, Bias = false), BatchNorm, ReLU,
     Upsample(Height = "InH", Width = "InW", Mode = Interpolation.Bilinear)]                                            Layer hyper5;
    // The hypercolumn: hyper3, hyper4, hyper5 along channels, then per-pixel class scores.
    [Concat(nameof(hyper4)), Concat(nameof(hyper3)), Conv(nameof(classes), 1)]                                          Layer classifier;
}
