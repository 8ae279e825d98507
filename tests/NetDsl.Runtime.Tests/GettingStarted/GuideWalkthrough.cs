// The steps of docs/getting-started.md, verbatim and in order, run by GettingStartedTests. They write to the
// console as a user's Program.cs would (the test redirects Console.Out), so no harness name leaks into the guide.
using System;
using System.IO;
using NetDsl;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>What the guide's walkthrough produced, for the test to check.</summary>
    public sealed record GuideOutcome(string Summary, TrainingResult Result, EvaluationResult Test, long[] FilePredictionShape, bool ReloadedSame, FineTuneReport FineTune)
    {
        public ImageClassification? Answer { get; init; }

        /// <summary>The guide's Predictor's answer for cat.png (the run's best.bin, loaded by its catalogue name).</summary>
        public ImageClassification? Served { get; init; }

        /// <summary>The answer of a Predictor built from the exported safetensors alone (WeightLoader.SaveExport).</summary>
        public ImageClassification? HandedOn { get; init; }
    }

    public static class GuideWalkthrough
    {
        public static GuideOutcome Run(string folder)
        {
            Directory.SetCurrentDirectory(folder);

            // Summary
            Reproducibility.Seed(42);   // torch's generators: the initial weights below repeat run after run
            using var net = new ShapesNet(classes: 6);
            Console.WriteLine(net.Summary(batchSize: 32));
            string summary = net.Summary(batchSize: 32).ToString();

            // Data
            using var data = ShapesDataset.Load(net.InputShape, seed: 0, trainCount: 512, testCount: 128);

            // Fit
            var options = net.TrainingDefaults() with { Epochs = 2, BatchSize = 32, OutDir = "runs/shapesnet", Device = CPU };
            var result = net.Fit(data, options,
                new ConsoleProgress(everySteps: 8),
                new TensorBoardLogger("runs/shapesnet/tensorboard"),
                new StopAtAccuracy(0.99));

            // Evaluate
            var test = net.Evaluate(data);
            Console.WriteLine($"test loss {test.Loss:F4}, {test.MetricName} {test.Metric:F4}");

            // Predict
            using var images = data.Test.Images.slice(0, 0, 4, 1);
            using var logits = net.Predict(images);
            using var classes = logits.argmax(1);
            Console.WriteLine("predicted classes: " + string.Join(", ", classes.data<long>().ToArray()));
            using var fromFile = net.Predict("cat.png");
            var settings = InferenceSettings.FromCheckpoint("runs/shapesnet/best.bin");
            var answers = net.Classify(new[] { "cat.png" }, settings, top: 3);
            Console.WriteLine($"cat.png: {answers[0].Best.Label} ({answers[0].Best.Probability:P1})");

            // Serve
            using var predictor = Predictor.Load("runs/shapesnet", NetDsl.Generated.ModelCatalog.All);
            var served = predictor.Classify("cat.png");
            Console.WriteLine($"served: {served.Best.Label} ({served.Best.Probability:P1})");

            // Save and load
            WeightLoader.Save(net, "shapesnet.safetensors");
            using var copy = new ShapesNet(classes: 6);
            WeightLoader.Load(copy, "shapesnet.safetensors");
            using var again = copy.Predict(images);
            bool same = again.allclose(logits);
            WeightLoader.SaveExport(net, "shapesnet-export.safetensors", InferenceSettings.FromCheckpoint("runs/shapesnet/best.bin").ToMetadata());
            using var handedOn = Predictor.Load("shapesnet-export.safetensors", NetDsl.Generated.ModelCatalog.All);

            // Fine-tune
            using var threeWay = new ShapesNet(classes: 3);
            var report = FineTuning.LoadBackbone(threeWay, "shapesnet.safetensors", freeze: true);
            Console.WriteLine(report.Describe());
            Console.WriteLine(threeWay.Summary());

            return new GuideOutcome(summary, result, test, fromFile.shape, same, report) { Answer = answers[0], Served = served, HandedOn = handedOn.Classify("cat.png") };
        }
    }
}
