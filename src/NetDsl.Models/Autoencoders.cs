using NetDsl;

namespace NetDsl.Zoo.Models;

// Convolutional autoencoders: a strided-conv encoder to a 4x4 code and two decoders back to the input,
// one with transposed convolutions (output padding makes each step exactly double), one with
// bilinear upsampling followed by a 3x3 convolution (no checkerboard artefacts).

/// <summary>Encoder: three stride-2 3x3 convolutions with BatchNorm and ReLU (32 → 4).</summary>
[Block]
public partial class ConvEncoder(int width)
{
    [Conv(nameof(width), 3, Stride = 2, Padding = 1), BatchNorm, ReLU]       Layer down1;
    [Conv("2 * width", 3, Stride = 2, Padding = 1), BatchNorm, ReLU]         Layer down2;
    [Conv("4 * width", 3, Stride = 2, Padding = 1), BatchNorm, ReLU]         Layer down3;
}

// The 3x3 stride-2 transposed convolutions overlap unevenly (ND0101, checkerboard): kept on purpose, as this model is
// the twin the bilinear decoder below is compared with.
#pragma warning disable ND0101
/// <summary>Autoencoder with a transposed-convolution decoder; the output has the input's shape.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.0, WarmupEpochs = 0.1, BatchSize = 32, Epochs = 1, TrainImages = 2000,
           Metric = 14, Recipe = "Adam 1e-3 on MSE, the usual autoencoder recipe; 3e-3 for a one-epoch run")]
[Network(Input = "3x32x32", Name = "conv_autoencoder", Task = ModelTask.Reconstruction)]
public partial class ConvAutoencoder(int width = 16)
{
    [Use(typeof(ConvEncoder), nameof(width))]                                                    Layer encoder;
    [ConvTranspose("2 * width", 3, Stride = 2, Padding = 1, OutputPadding = 1), BatchNorm, ReLU] Layer up1;
    [ConvTranspose(nameof(width), 3, Stride = 2, Padding = 1, OutputPadding = 1), BatchNorm, ReLU] Layer up2;
    [ConvTranspose("InC", 3, Stride = 2, Padding = 1, OutputPadding = 1)]                          Layer up3;
}
#pragma warning restore ND0101

/// <summary>The twin: bilinear 2x upsampling, then a 3x3 convolution, at each decoder step.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 3e-3, WeightDecay = 0.0, WarmupEpochs = 0.1, BatchSize = 32, Epochs = 1, TrainImages = 2000,
           Metric = 15, Recipe = "Adam 1e-3 on MSE, the usual autoencoder recipe; 3e-3 for a one-epoch run")]
[Network(Input = "3x32x32", Name = "upsample_autoencoder", Task = ModelTask.Reconstruction)]
public partial class UpsampleAutoencoder(int width = 16)
{
    [Use(typeof(ConvEncoder), nameof(width))]                                                         Layer encoder;
    [Upsample(2, Mode = Interpolation.Bilinear), Conv("2 * width", 3, Padding = 1), BatchNorm, ReLU]  Layer up1;
    [Upsample(2, Mode = Interpolation.Bilinear), Conv(nameof(width), 3, Padding = 1), BatchNorm, ReLU] Layer up2;
    [Upsample(2, Mode = Interpolation.Bilinear), Conv("InC", 3, Padding = 1)]                         Layer up3;
}
