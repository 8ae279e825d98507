using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>What a Keras/Lightning user of the C# API met: early stopping, batch sizes, seeding, folders, predict's bad files, metrics.</summary>
    public sealed class ApiUserFindingsTests
    {
        static readonly TensorShape Gray16 = new TensorShape(1, 16, 16);

        /// <summary>Before: StoppedEarly with an empty StopReason, and ConsoleProgress said nothing.</summary>
        [Fact]
        public void EarlyStopping_SaysWhy_InTheResultAndOnTheConsole()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 6, trainCount: 32, testCount: 16);
            using var model = DropoutNet.Seeded(1);
            var console = new StringWriter();
            // A rate this small cannot change the test accuracy: epoch 1 stays best, so patience 1 stops after epoch 2.
            var options = new TrainerOptions { Epochs = 8, BatchSize = 16, LearningRate = 1e-12, Seed = 6, Device = CPU, Patience = 1 };
            var result = new Trainer(model, data, options).Run(new ConsoleProgress(console, everySteps: 0));
            Assert.True(result.StoppedEarly);
            Assert.Equal(2, result.History.Count);
            Assert.Equal($"best epoch 1: test accuracy {result.History[0].TestMetric:F4}", result.BestSummary);
            Assert.Equal("stopped early: no better test accuracy for 1 epochs; " + result.BestSummary, result.StopReason);
            Assert.Contains(result.StopReason!, console.ToString());
        }

        /// <summary>Monitor = Loss: the best epoch (and best.bin) is the lowest test loss, and the message says "test loss".</summary>
        [Fact]
        public void MonitorLoss_PicksTheLowestTestLoss_ForBestBin()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 3, trainCount: 48, testCount: 16);
            using var dir = new TempFolder();
            using var model = DropoutNet.Seeded(2);
            var options = new TrainerOptions { Epochs = 3, BatchSize = 16, LearningRate = 0.05, Seed = 3, Device = CPU, OutDir = dir.Path, Monitor = StopMonitor.Loss };
            var result = new Trainer(model, data, options).Run();
            var lowest = result.History.OrderBy(m => m.TestLoss).ThenBy(m => m.Epoch).First();
            Assert.Equal(lowest.Epoch, result.BestEpoch);
            Assert.Equal(lowest.Epoch, Checkpoint.ReadInfo(dir.File(Checkpoint.BestFileName)).Epoch);
            Assert.StartsWith($"best epoch {lowest.Epoch}: test loss ", result.BestSummary);
        }

        /// <summary>RestoreBestWeights: the model ends with the best epoch's weights, and the result's test evaluation is theirs.</summary>
        [Fact]
        public void RestoreBestWeights_LeavesTheBestEpochInTheModel()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 3, trainCount: 48, testCount: 16);
            using var model = DropoutNet.Seeded(2);
            var options = new TrainerOptions
            {
                Epochs = 3, BatchSize = 16, LearningRate = 0.5, Seed = 3, Device = CPU, Monitor = StopMonitor.Loss, RestoreBestWeights = true,
            };
            var result = new Trainer(model, data, options).Run();
            var best = result.History.Single(m => m.Epoch == result.BestEpoch);
            Assert.Equal(best.TestLoss, result.Test.Loss, 5);
            var again = Evaluator.Evaluate(model, TrainingData.From(data, 16, 0).Test, options.CreateTask(), CPU, "again");
            Assert.Equal(best.TestLoss, again.Loss, 5);
        }

        /// <summary>Before: resuming a run that stopped early, with more epochs, trained nothing and said nothing.</summary>
        [Fact]
        public void ResumingAnEarlyStoppedRun_WithMoreEpochs_GoesOnAndSaysSo()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 6, trainCount: 32, testCount: 16);
            using var dir = new TempFolder();
            var options = new TrainerOptions { Epochs = 4, BatchSize = 16, LearningRate = 1e-12, Seed = 6, Device = CPU, OutDir = dir.Path, Patience = 1 };
            using (var first = DropoutNet.Seeded(1)) Assert.Equal(2, new Trainer(first, data, options).Run().History.Count);
            using var model = DropoutNet.Seeded(1);
            var console = new StringWriter();
            var result = new Trainer(model, data, options with { Epochs = 6, Resume = true }).Run(new ConsoleProgress(console, everySteps: 0));
            Assert.Equal(3, result.History.Count);   // epoch 3 trained; patience counts again from epoch 2
            Assert.Contains(result.Warnings, w => w.StartsWith("resuming a run that stopped early after epoch 2", StringComparison.Ordinal));
            Assert.Contains("warning: resuming a run that stopped early after epoch 2", console.ToString());
        }

        static string ImageFolder(TempFolder dir, int perClass = 4)
        {
            foreach (string split in new[] { "train", "test" })
                foreach (string cls in new[] { "cat", "dog" })
                    for (int i = 0; i < perClass; i++)
                        DataTestFiles.WriteImage(Path.Combine(dir.Path, "data", split, cls, $"img{i}.png"), 16, 16, seed: i + (cls == "dog" ? 50 : 0));
            return Path.Combine(dir.Path, "data");
        }

        /// <summary>Before: BatchSize = 300 was ignored for batches opened at 16; an explicit, different BatchSize is now refused.</summary>
        [Fact]
        public void AnExplicitBatchSize_OtherThanTheOpenedBatches_IsRefused()
        {
            using var dir = new TempFolder();
            var files = DataSource.ImageFolder(ImageFolder(dir)).OpenBatches(Gray16, 4, 1, prefetch: PrefetchOptions.Inline);
            var data = TrainingData.From(files, Gray16);
            using var model = TinyCnn.Gray16(1);
            var e = Assert.Throws<ArgumentException>(() => new Trainer(model, data, new TrainerOptions { BatchSize = 300, Device = CPU }));
            Assert.Contains("TrainerOptions.BatchSize is 300, but the training batches were opened with batch size 4", e.Message);
            _ = new Trainer(model, data, new TrainerOptions { Device = CPU });                  // unset: the batches' size
            _ = new Trainer(model, data, new TrainerOptions { BatchSize = 4, Device = CPU });   // the same: fine
        }

        /// <summary>Reproducibility.Seed before construction makes the initial weights repeat (TrainerOptions.Seed cannot: it comes later).</summary>
        [Fact]
        public void ReproducibilitySeed_RepeatsTheInitialWeights()
        {
            Reproducibility.Seed(42);
            using var a = new DropoutNet();
            Reproducibility.Seed(42);
            using var b = new DropoutNet();
            foreach (var ((_, x), (_, y)) in a.named_parameters().Zip(b.named_parameters()))
                Assert.True(x.allclose(y, 0, 0));
        }

        /// <summary>Before: Classify(folder) said to pass Directory.GetFiles, which then failed on notes.txt.</summary>
        [Fact]
        public void Classify_WalksAFolder_AsPredictDoes()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(dir.File("pics/a.png"), 16, 16, seed: 1);
            DataTestFiles.WriteImage(dir.File("pics/sub/b.png"), 16, 16, seed: 2);
            File.WriteAllText(dir.File("pics/notes.txt"), "not an image");
            using var net = TinyCnn.Gray16(1);
            var answers = net.Classify(new[] { dir.File("pics") }, top: 2);
            Assert.Equal(new[] { dir.File("pics/a.png"), dir.File("pics/sub/b.png") }, answers.Select(a => a.Image));
            Assert.Equal(answers.Select(a => a.Image), ImageInputs.Files(new[] { dir.File("pics") }));
            var e = Assert.Throws<InvalidDataException>(() => ImagePreprocessing.Load(new[] { dir.File("pics") }, net.InputShape));
            Assert.Contains("ImageInputs.Expand", e.Message);
        }

        /// <summary>Before: one truncated PNG aborted predict with no results for the good images.</summary>
        [Fact]
        public void Predict_OneBadFile_PrintsTheOthers_NamesIt_AndExitsOne()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors");
            Assert.Equal(0, CliCapture.Run("export", "tinycnn-gray", "--format", "safetensors", "--out", weights).code);
            for (int i = 0; i < 4; i++) DataTestFiles.WriteImage(dir.File($"pf/good{i}.png"), 28, 28, seed: i);
            DataTestFiles.WriteImage(dir.File("pf/bad.png"), 28, 28, seed: 9);
            byte[] bytes = File.ReadAllBytes(dir.File("pf/bad.png"));
            File.WriteAllBytes(dir.File("pf/bad.png"), bytes[..(bytes.Length / 2)]);
            var (code, output, error) = CliCapture.Run("predict", "tinycnn-gray", "--weights", weights, dir.File("pf"));
            Assert.Equal(1, code);
            for (int i = 0; i < 4; i++) Assert.Contains(dir.File($"pf/good{i}.png") + ": ", output);
            Assert.DoesNotContain("bad.png", output);
            Assert.Contains("error: " + dir.File("pf/bad.png") + ": ", error);
            Assert.Contains("1 of 5 images could not be predicted", error);
        }

        /// <summary>
        /// A GIF in a folder given to predict costs only its own answer, with the message it gets when passed by name (before: the
        /// whole run stopped at the folder walk with no answer and no CSV, and passed by name it was "not a PNG, JPEG or BMP file").
        /// </summary>
        [Fact]
        public void Predict_AGifInAFolder_CostsOnlyItsOwnAnswer_WithTheSameMessageAsByName()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors");
            Assert.Equal(0, CliCapture.Run("export", "tinycnn-gray", "--format", "safetensors", "--out", weights).code);
            DataTestFiles.WriteImage(dir.File("pg/good.png"), 28, 28, seed: 1);
            string gif = dir.File("pg/img.gif"), disguised = dir.File("pg/odd.png");
            File.WriteAllBytes(gif, "GIF89a"u8.ToArray().Concat(new byte[64]).ToArray());
            File.WriteAllBytes(disguised, "GIF87a"u8.ToArray().Concat(new byte[64]).ToArray());
            string csv = dir.File("p.csv");
            var (code, output, error) = CliCapture.Run("predict", "tinycnn-gray", "--weights", weights, dir.File("pg"), "--out", csv);
            Assert.Equal(1, code);
            Assert.Contains(dir.File("pg/good.png") + ": ", output);
            Assert.Contains($"error: {gif}: a GIF image; NetDsl reads PNG, JPEG and BMP only", error);
            Assert.Contains($"error: {disguised}: a GIF image", error);
            Assert.Contains("2 of 3 images could not be predicted", error);
            Assert.True(File.Exists(csv), "no CSV was written");

            var byName = CliCapture.Run("predict", "tinycnn-gray", "--weights", weights, dir.File("pg/good.png"), gif);
            Assert.Equal(1, byName.code);
            Assert.Contains($"error: {gif}: a GIF image; NetDsl reads PNG, JPEG and BMP only", byName.error);
        }

        /// <summary>The CLI prints the library's message (TrainingResult.StopReason) with best.bin's path; --monitor loss says "test loss".</summary>
        [Fact]
        public void CliTrain_MonitorLoss_PrintsTheLibrarysStopMessage()
        {
            using var dir = new TempFolder();
            var (code, output, error) = CliCapture.Run("train", "tinycnn", "--input", "3x8x8", "--epochs", "4", "--batch", "16", "--lr", "0.000000001",
                "--train-images", "32", "--test-images", "16", "--patience", "1", "--monitor", "loss", "--device", "cpu", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            Assert.Contains("stopped early: no better test loss for 1 epochs; best epoch 1: test loss ", output);
            Assert.Contains($"({dir.File("run/best.bin")})", output);
            Assert.Equal(2, CliCapture.Run("train", "tinycnn", "--monitor", "accuracy", "--out", dir.File("r2")).code);
        }

        /// <summary>Top-5 of five classes or fewer is always 1: reported as not measured (NaN: an empty metrics.csv cell).</summary>
        [Fact]
        public void TopFive_OfFiveClassesOrFewer_IsNotMeasured()
        {
            using var logits = tensor(new float[] { 3, 1, 0, 0, 2, 1 }, new long[] { 2, 3 });
            using var labels = tensor(new long[] { 0, 2 });
            var metric = new ClassificationTask().NewAccumulator(training: false);
            metric.Add(logits, logits, labels);
            Assert.True(double.IsNaN(metric.Details["top5"]));
        }

        [Fact]
        public void EpochMetrics_PrintsItsDetails_AsPairs()
        {
            var m = new EpochMetrics(1, 2, 0.1, 0.5, 0.6, 0.7, 0.8, 1.5, Details: new Dictionary<string, double> { ["top5"] = 0.9 });
            Assert.Contains("Details = { top5 = 0.9 }", m.ToString());
            Assert.DoesNotContain("System.Collections", m.ToString());
        }

        /// <summary>Before: only the CLI wrote confusion.csv; Fit with an OutDir writes it too.</summary>
        [Fact]
        public void Fit_WithAnOutDir_WritesConfusionCsv()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 6, trainCount: 32, testCount: 16);
            using var dir = new TempFolder();
            using var net = TinyCnn.Gray16(1);
            net.Fit(data, new TrainerOptions { Epochs = 1, BatchSize = 16, Seed = 6, Device = CPU, OutDir = dir.Path });
            Assert.StartsWith("truth\\predicted,", File.ReadAllLines(dir.File(ConfusionLog.FileName))[0]);
        }
    }
}
