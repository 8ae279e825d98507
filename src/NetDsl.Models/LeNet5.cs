using NetDsl;

namespace NetDsl.Zoo.Models;

/// <summary>A LeNet-5 style CNN for 28x28 digits (ReLU and max pooling instead of tanh and subsampling).</summary>
// Without BatchNorm this small net needs a larger step than the trainer's default to converge in a few epochs.
[Network(Input = "1x28x28", Name = "lenet5", LearningRate = 0.02)]
public partial class LeNet5(int classes = 10)
{
    [Conv(6, 5, Padding = 2), ReLU, MaxPool(2)] Layer conv1;   // 6x14x14
    [Conv(16, 5), ReLU, MaxPool(2)]             Layer conv2;   // 16x5x5
    [Flatten]                                   Layer flatten; // 400
    [Linear(120), ReLU]                         Layer fc1;
    [Linear(84), ReLU]                          Layer fc2;
    [Linear(nameof(classes))]                   Layer fc3;
}
