using NetDsl;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Export;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;

// Declare: the generator checks every shape at compile time and writes the TorchSharp module.
using var net = new TinyNet(classes: 6);

// Summary(): one row per layer (path, kind, output shape, parameters, MACs), totals and memory.
Console.WriteLine(net.Summary());
Console.WriteLine($"parameters: {net.ParameterTotal:N0} (checked at compile time for the default 10 classes: {TinyNet.ParameterCount:N0})");

// Fit a few steps on the built-in shapes set, then evaluate on its test split.
using var data = ShapesDataset.Load(new TensorShape(3, 32, 32), seed: 1, trainCount: 256, testCount: 128);
string run = Path.Combine(Path.GetTempPath(), "netdsl-consumer-" + Guid.NewGuid().ToString("N"));
var result = new Trainer(net, data, new TrainerOptions { Epochs = 2, BatchSize = 32, LearningRate = 0.05, Seed = 1, OutDir = run }).Run();
foreach (var epoch in result.History)
    Console.WriteLine($"epoch {epoch.Epoch}: train loss {epoch.TrainLoss:F3}, test {epoch.MetricName} {epoch.TestMetric:F3}");
Console.WriteLine($"test {result.Test.MetricName}: {result.TestMetric:F4} on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
if (!(result.History[^1].TrainLoss < result.History[0].TrainLoss)) throw new Exception("training did not lower the loss");

// Predict on image files: the run's checkpoint records the data's normalisation and class names, so files are prepared
// and answers named as in training.
ShapesFolder.Write(Path.Combine(run, "images"), new TensorShape(3, 32, 32), trainCount: 6, testCount: 6, seed: 1, masks: false);
var settings = InferenceSettings.FromCheckpoint(Path.Combine(run, Checkpoint.BestFileName));
var files = ImageInputs.Expand(new[] { Path.Combine(run, "images", "test") });
var answers = net.Classify(files.Select(f => f.Path), settings, top: 2);
for (int i = 0; i < answers.Count; i++)
    Console.WriteLine($"{files[i].Name}: {answers[i].Best.Label} {answers[i].Best.Probability:F3}, then {answers[i].Top[1].Label}");
if (answers.Count != 6 || answers.Any(a => !settings.ClassNames!.Contains(a.Best.Label))) throw new Exception("predictions are not named by the run's classes");
// Serve: one call loads the run (model by its catalogue name, weights, normalisation, class names); files and bytes alike.
using (var predictor = Predictor.Load(run, NetDsl.Generated.ModelCatalog.All))
{
    var served = predictor.Classify(File.ReadAllBytes(files[0].Path), files[0].Name);
    Console.WriteLine($"served {served.Image}: {served.Best.Label} {served.Best.Probability:F3}");
    if (!settings.ClassNames!.Contains(served.Best.Label)) throw new Exception("the predictor's answer is not named by the run's classes");
}
Directory.Delete(run, recursive: true);

// Kept tiny so the package check trains in seconds: the pooled features see 10x10 of the 32x32 input (ND0104), accepted.
#pragma warning disable ND0104
[Network(Input = "3x32x32")]
public partial class TinyNet(int classes = 10)
{
    [Conv(16, 3, Padding = 1), BatchNorm, ReLU, MaxPool(2)] Layer conv1;  // 16x16x16
    [Conv(32, 3, Padding = 1), BatchNorm, ReLU, MaxPool(2)] Layer conv2;  // 32x8x8
    [GlobalAvgPool, Flatten]                                Layer pool;
    [Linear(nameof(classes))]                               Layer fc;
}
#pragma warning restore ND0104
