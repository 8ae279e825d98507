using NetDsl;

namespace NetDsl.Zoo.Models;

/// <summary>A LeNet-5 style CNN for 28x28 digits (ReLU and max pooling instead of tanh and subsampling).</summary>
// Without BatchNorm this small net needs a larger step than the trainer's default to converge in a few epochs.
[ModelCard(Optimizer = "adamw", LearningRate = 2e-3, WeightDecay = 0.01, BatchSize = 32, Epochs = 3, TrainImages = 10000,
           Metric = 0.9, Recipe = "LeCun et al. 1998 trained with SGD (0.02 here leaves chance slowly on the shapes set); AdamW 2e-3")]
[Network(Input = "1x28x28", Name = "lenet5")]
public partial class LeNet5(int classes = 10)
{
    [Conv(6, 5, Padding = 2), ReLU, MaxPool(2)] Layer conv1;   // 6x14x14
    [Conv(16, 5), ReLU, MaxPool(2)]             Layer conv2;   // 16x5x5
    [Flatten]                                   Layer flatten; // 400
    [Linear(120), ReLU]                         Layer fc1;
    [Linear(84), ReLU]                          Layer fc2;
    [Linear(nameof(classes))]                   Layer fc3;
}
