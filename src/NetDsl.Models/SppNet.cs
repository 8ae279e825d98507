using NetDsl;

namespace NetDsl.Zoo.Models;

// SPP-net (He, Zhang, Ren & Sun, "Spatial Pyramid Pooling in Deep Convolutional Networks for Visual Recognition", ECCV 2014)
// on its ZF-5 trunk (Zeiler & Fergus's five convolutions: 7x7/2 and 5x5/2 with local response normalisation and 3x3/2 max
// pooling, then three 3x3), padded as the ZF models in the authors' later code are. The last map, whatever its size, is max-pooled
// to 1x1, 2x2 and 4x4 bins (PyTorch's adaptive bins), each flattened, and the 21 bins per channel are concatenated, so the
// fully connected classifier sees 256·21 = 5,376 features at every input size: the network takes any HxW.
// 46,628,968 parameters with 1000 classes: convolutions 3,726,464, fc6 22,024,192, fc7 16,781,312, fc8 4,097,000.

/// <summary>A three-level spatial pyramid: the map max-pooled to 1x1, 2x2 and 4x4, each flattened, concatenated (C·21 features at any size).</summary>
[Block, Branches(Merge.Concat)]
public partial class SpatialPyramidPool
{
    [AdaptiveMaxPool(1), Flatten] Layer level1;
    [AdaptiveMaxPool(2), Flatten] Layer level2;
    [AdaptiveMaxPool(4), Flatten] Layer level4;
}

/// <summary>SPP-net on ZF-5: five convolutions, a {1x1, 2x2, 4x4} spatial pyramid max pool, FC 4096-4096 with dropout; any input size.</summary>
[ModelCard(Optimizer = "adamw", LearningRate = 2e-4, WeightDecay = 0.05, WarmupEpochs = 0.2, BatchSize = 16, Epochs = 1,
           TrainInput = "3x64x64", TrainImages = 8000, Metric = 0.7,
           Recipe = "He et al. 2014: SGD momentum 0.9, wd 5e-4, lr 0.01 divided by 10 twice, batch 128, dropout 0.5, about 70 epochs, single-size 224 then multi-size 180/224 training; AdamW here, as AlexNet's card")]
// He-initialised like the zoo's AlexNet and VGG (PyTorch's default init leaves this unnormalised stack at chance for an epoch).
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.Normal, LinearStd = 0.01)]
[Network(Input = "3xHxW", Default = "3x224x224", Name = "sppnet")]
public partial class SppNet(int classes = 1000, double dropout = 0.5)
{
    [Conv(96, 7, Stride = 2, Padding = 3), ReLU, LRN(5, K = 2.0), MaxPool(3, Stride = 2, Padding = 1),
     Conv(256, 5, Stride = 2, Padding = 2), ReLU, LRN(5, K = 2.0), MaxPool(3, Stride = 2, Padding = 1),
     Conv(384, 3, Padding = 1), ReLU,
     Conv(384, 3, Padding = 1), ReLU,
     Conv(256, 3, Padding = 1), ReLU]                            Layer features;
    [Use(typeof(SpatialPyramidPool))]                            Layer spp;
    [Dropout(nameof(dropout)), Linear(4096), ReLU,
     Dropout(nameof(dropout)), Linear(4096), ReLU,
     Linear(nameof(classes))]                                    Layer classifier;
}
