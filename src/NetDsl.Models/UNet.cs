using NetDsl;

namespace NetDsl.Zoo.Models;

// U-Net (Ronneberger, Fischer & Brox, 2015). The original uses unpadded 3x3 convolutions, so every
// encoder map is larger than the decoder map it joins and is centre-cropped before the concat
// (1x572x572 in, 2x388x388 out). unet_padded keeps sizes with padding and BatchNorm, needs no crops,
// and has a base width parameter so CPU training stays short.

/// <summary>Two 3x3 convolutions with ReLU, unpadded (the original U-Net's).</summary>
[Block]
public partial class DoubleConv(int channels)
{
    [Conv(nameof(channels), 3), ReLU] Layer conv1;
    [Conv(nameof(channels), 3), ReLU] Layer conv2;
}

/// <summary>The original U-Net: four 2x2-pooling steps down, four 2x2 up-convolutions with crop-and-concat.</summary>
// Trained on overlap tiles (OverlapTile): 300x300 in, 116x116 out, each scene drawn at 116x116 and mirrored out by 92
// pixels. With 20x20 masks centre-cropped from 204x204 scenes, or at batch 4, it called every pixel background.
// In bf16-mixed a step takes 0.71 of fp32's here (2.04 vs 1.46 img/s), so 1,000 images fit the sweep's 10 minutes:
// mIoU 0.212 (circle and square begin to separate) where 600 in fp32 reached 0.139.
[ModelCard(Optimizer = "adamw", LearningRate = 5e-4, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 1, Epochs = 1, Precision = "bf16-mixed",
           TrainInput = "1x300x300", TrainImages = 1000, TestImages = 100, Metric = 0.2,
           Recipe = "Ronneberger et al.: SGD momentum 0.99, batch 1, overlap-tile input; AdamW 5e-4 here, batch 1; 300x300 tiles with a 116x116 output")]
// The paper's init: Gaussian with std √(2/N), N the incoming nodes of one neuron (3x3 x channels in): He's fan-in rule.
[WeightInit(Conv = InitRule.KaimingNormalFanIn)]
[Network(Input = "1xHxW", Default = "1x572x572", Name = "unet", Task = ModelTask.Segmentation)]
public partial class UNet(int classes = 2)
{
    [Use(typeof(DoubleConv), 64)]                                        Layer enc1;
    [MaxPool(2), Use(typeof(DoubleConv), 128)]                           Layer enc2;
    [MaxPool(2), Use(typeof(DoubleConv), 256)]                           Layer enc3;
    [MaxPool(2), Use(typeof(DoubleConv), 512)]                           Layer enc4;
    [MaxPool(2), Use(typeof(DoubleConv), 1024)]                          Layer bottom;
    [ConvTranspose(512, 2, Stride = 2)]                                  Layer up4;
    [Concat(nameof(enc4), Crop = true), Use(typeof(DoubleConv), 512)]    Layer dec4;
    [ConvTranspose(256, 2, Stride = 2)]                                  Layer up3;
    [Concat(nameof(enc3), Crop = true), Use(typeof(DoubleConv), 256)]    Layer dec3;
    [ConvTranspose(128, 2, Stride = 2)]                                  Layer up2;
    [Concat(nameof(enc2), Crop = true), Use(typeof(DoubleConv), 128)]    Layer dec2;
    [ConvTranspose(64, 2, Stride = 2)]                                   Layer up1;
    [Concat(nameof(enc1), Crop = true), Use(typeof(DoubleConv), 64)]     Layer dec1;
    [Conv(nameof(classes), 1)]                                           Layer head;
}

/// <summary>Two padded 3x3 convolutions, each with BatchNorm and ReLU: sizes are kept.</summary>
[Block]
public partial class DoubleConvBN(int channels)
{
    [Conv(nameof(channels), 3, Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU]                                      Layer bn1;
    [Conv(nameof(channels), 3, Padding = 1, Bias = false)] Layer conv2;
    [BatchNorm, ReLU]                                      Layer bn2;
}

/// <summary>U-Net with padded convolutions: the output has the input's size; sides must be multiples of 16.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2,
           TrainInput = "3x64x64", TrainImages = 10000, Metric = 0.6, Recipe = "Adam 1e-3-style segmentation training; 3e-3 for a two-epoch run")]
[Network(Input = "3xHxW", Default = "3x64x64", Name = "unet_padded", Task = ModelTask.Segmentation)]
public partial class UNetPadded(int classes = 7, int width = 16)
{
    [Use(typeof(DoubleConvBN), nameof(width))]                         Layer enc1;
    [MaxPool(2), Use(typeof(DoubleConvBN), "2 * width")]               Layer enc2;
    [MaxPool(2), Use(typeof(DoubleConvBN), "4 * width")]               Layer enc3;
    [MaxPool(2), Use(typeof(DoubleConvBN), "8 * width")]               Layer enc4;
    [MaxPool(2), Use(typeof(DoubleConvBN), "16 * width")]              Layer bottom;
    [ConvTranspose("8 * width", 2, Stride = 2)]                        Layer up4;
    [Concat(nameof(enc4)), Use(typeof(DoubleConvBN), "8 * width")]     Layer dec4;
    [ConvTranspose("4 * width", 2, Stride = 2)]                        Layer up3;
    [Concat(nameof(enc3)), Use(typeof(DoubleConvBN), "4 * width")]     Layer dec3;
    [ConvTranspose("2 * width", 2, Stride = 2)]                        Layer up2;
    [Concat(nameof(enc2)), Use(typeof(DoubleConvBN), "2 * width")]     Layer dec2;
    [ConvTranspose(nameof(width), 2, Stride = 2)]                      Layer up1;
    [Concat(nameof(enc1)), Use(typeof(DoubleConvBN), nameof(width))]   Layer dec1;
    [Conv(nameof(classes), 1)]                                         Layer head;
}
