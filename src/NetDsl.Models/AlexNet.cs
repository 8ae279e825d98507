using NetDsl;

namespace NetDsl.Zoo.Models;

/// <summary>AlexNet (Krizhevsky et al., 2012) in torchvision's single-GPU form (no LRN).</summary>
// Measured (6-way head, 2 cores): 4,000 images at 1e-4 ended at 0.47-0.66 across seeds, 8,000 at 2e-4 at 0.956 and 0.965.
[ModelCard(Optimizer = "adamw", LearningRate = 2e-4, WeightDecay = 0.05, WarmupEpochs = 0.2, BatchSize = 16, Epochs = 1,
           TrainInput = "3x64x64", TrainImages = 8000, Metric = 0.86, Recipe = "torchvision: SGD 0.01 momentum 0.9, wd 5e-4, batch 128, 90 epochs; AdamW 2e-4 here: without BatchNorm the plain stack stays at chance with short SGD runs and with AdamW 1e-3, and needs about 400 steps to leave it")]
// torchvision's AlexNet keeps PyTorch's default init; under it the plain stack (no BatchNorm) starts with a vanishing
// signal and a short run stays at chance, so NetDsl's AlexNet initialises as torchvision's VGG does (He, fan-out).
[WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.Normal, LinearStd = 0.01)]
[Network(Input = "3x224x224", Name = "alexnet")]
public partial class AlexNet(int classes = 1000, double dropout = 0.5)
{
    [Conv(64, 11, Stride = 4, Padding = 2), ReLU, MaxPool(3, Stride = 2),
     Conv(192, 5, Padding = 2), ReLU, MaxPool(3, Stride = 2),
     Conv(384, 3, Padding = 1), ReLU,
     Conv(256, 3, Padding = 1), ReLU,
     Conv(256, 3, Padding = 1), ReLU, MaxPool(3, Stride = 2)]    Layer features;
    [AdaptiveAvgPool(6, 6), Flatten]                             Layer avgpool;
    [Dropout(nameof(dropout)), Linear(4096), ReLU,
     Dropout(nameof(dropout)), Linear(4096), ReLU,
     Linear(nameof(classes))]                                    Layer classifier;
}
