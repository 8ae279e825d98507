using NetDsl;

namespace NetDsl.Zoo.Models;

// FCN-8s (Long, Shelhamer & Darrell, 2015) on VGG-16: fully convolutional fc6/fc7, class scores at
// stride 32, upsampled 2x and fused with scores from pool4, again with pool3, then upsampled 8x.
// Padded convolutions (not the paper's 100-pixel input padding), so no crops are needed: sizes meet
// exactly when the input's sides are multiples of 32.

/// <summary>FCN-8s: VGG-16 trunk split at pool3/pool4/pool5, skip fusion by [From] and [Add].</summary>
// 1,500 images at 1e-4 (94 steps) stayed at background everywhere (mIoU 0.119); 3,000 at 3e-4 reach 0.265 in 208 s (2 cores).
[ModelCard(Optimizer = "adamw", LearningRate = 3e-4, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 16, Epochs = 1,
           TrainInput = "3x32x32", TrainImages = 3000, Metric = 0.2, Recipe = "Long et al.: SGD 1e-4 momentum 0.99, batch 1, wd 5e-4; a 32x32 input keeps an epoch in minutes")]
// VGG's rule for the trunk, as the zoo's VGG-16 (the paper starts from ImageNet weights; from scratch PyTorch's default
// passes almost no signal); upsampling starts as bilinear interpolation, as the paper's. Its zero class-scoring layers
// are not used: they stop every gradient below them on the first step, and measured no better here (mIoU 0.119 both).
[WeightInit(Conv = InitRule.KaimingNormalFanOut,
            ByPath = "upscore2: Bilinear, upscore_pool4: Bilinear, upscore8: Bilinear")]
[Network(Input = "3xHxW", Default = "3x224x224", Name = "fcn8s", Task = ModelTask.Segmentation)]
public partial class Fcn8s(int classes = 21)
{
    [ConvStack("64 64 M 128 128 M 256 256 256 M")]                                          Layer pool3;
    [ConvStack("512 512 512 M")]                                                             Layer pool4;
    [ConvStack("512 512 512 M")]                                                             Layer pool5;
    [Conv(4096, 7, Padding = 3), ReLU, Dropout(0.5)]                                         Layer fc6;
    [Conv(4096, 1), ReLU, Dropout(0.5)]                                                      Layer fc7;
    [Conv(nameof(classes), 1)]                                                               Layer score_fr;
    [ConvTranspose(nameof(classes), 4, Stride = 2, Padding = 1, Bias = false)]               Layer upscore2;
    [From(nameof(pool4)), Conv(nameof(classes), 1)]                                          Layer score_pool4;
    [Add(nameof(upscore2)), ConvTranspose(nameof(classes), 4, Stride = 2, Padding = 1, Bias = false)]     Layer upscore_pool4;
    [From(nameof(pool3)), Conv(nameof(classes), 1)]                                          Layer score_pool3;
    [Add(nameof(upscore_pool4)), ConvTranspose(nameof(classes), 16, Stride = 8, Padding = 4, Bias = false)] Layer upscore8;
}
