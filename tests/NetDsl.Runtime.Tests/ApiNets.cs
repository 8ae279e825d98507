using NetDsl;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A small declared classifier whose declaration states its optimizer and rate (read by TrainingDefaults).</summary>
    [Network(Input = "3x16x16", Optimizer = "adamw", LearningRate = 0.003)]
    public partial class ApiNet(int classes = 6)
    {
        [Conv(16, 3, Padding = 1, Bias = false)] Layer conv1;
        [BatchNorm, ReLU, MaxPool(2)]           Layer bn1;
        [Conv(32, 3, Padding = 1, Bias = false)] Layer conv2;
        [BatchNorm, ReLU, ReLU]                 Layer bn2;
        [Conv(32, 3, Padding = 1, Bias = false)] Layer conv3;
        [BatchNorm, ReLU]                       Layer bn3;
        [GlobalAvgPool, Flatten]               Layer pool;
        [Linear(nameof(classes))]              Layer fc;
    }
}
