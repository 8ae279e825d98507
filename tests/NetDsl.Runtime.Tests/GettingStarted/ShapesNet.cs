// The network of docs/getting-started.md, verbatim (DocSnippetTests checks every C# block of the guide is in this folder).
using NetDsl;

[Network(Input = "3x32x32", Optimizer = "adamw", LearningRate = 0.003)]
public partial class ShapesNet(int classes = 6)
{
    [Conv(16, 3, Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU, MaxPool(2)]           Layer bn1;
    [Conv(32, 3, Padding = 1, Bias = false)] Layer conv2;
    [BatchNorm, ReLU, MaxPool(2)]           Layer bn2;
    [Conv(64, 3, Padding = 1, Bias = false)] Layer conv3;
    [BatchNorm, ReLU]                       Layer bn3;
    [GlobalAvgPool, Flatten]                Layer pool;
    [Linear(nameof(classes))]               Layer fc;
}

/// <summary>A callback from the guide: stops once the test accuracy reaches a target.</summary>
public sealed class StopAtAccuracy(double target) : NetDsl.Runtime.Training.TrainingCallback
{
    public override void EpochEnding(NetDsl.Runtime.Training.EpochContext epoch)
    {
        epoch.AddMetric("test_error", 1 - epoch.Test.Metric);
        if (epoch.Test.Metric >= target) epoch.Run.Stop($"test accuracy {epoch.Test.Metric:F3} reached {target}");
    }
}
