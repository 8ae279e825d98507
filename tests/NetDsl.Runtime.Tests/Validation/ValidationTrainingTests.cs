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
    /// <summary>
    /// With a validation split the trainer judges epochs on it (best epoch, early stopping, best.bin) and scores the test split once,
    /// at the end, on the weights it leaves; without one every output is as before.
    /// </summary>
    public sealed class ValidationTrainingTests
    {
        static DataSplits Shapes(int seed) => ShapesDataset.Load(new TensorShape(3, 8, 8), seed: seed, trainCount: 48, testCount: 16);

        static TinyCnn Net()
        {
            random.manual_seed(7);
            using (Network.BuildAt(new TensorShape(3, 8, 8))) return new TinyCnn(3, 8);
        }

        /// <summary>Counts the epochs read from a batch source: how often it was evaluated.</summary>
        sealed class Counted(IBatchSource inner) : IBatchSource
        {
            public int Reads { get; private set; }
            public int BatchesPerEpoch => inner.BatchesPerEpoch;
            public IEnumerable<(Tensor Images, Tensor Targets)> Epoch(int epoch, Device device, int skip = 0)
            {
                Reads++;
                return inner.Epoch(epoch, device, skip);
            }
        }

        /// <summary>Evaluates the model on both splits at each epoch's end, independently of the trainer.</summary>
        sealed class BothSplits(IBatchSource validation, IBatchSource test, ITrainingTask task) : TrainingCallback
        {
            public List<(double Validation, double Test)> Metrics { get; } = new();
            public override void EpochEnding(EpochContext epoch) => Metrics.Add((
                Evaluator.Evaluate(epoch.Run.Model, validation, task, CPU, "validation").Metric,
                Evaluator.Evaluate(epoch.Run.Model, test, task, CPU, "test").Metric));
        }

        [Fact]
        public void TheBestEpochIsValidations_AndTestIsScoredOnceOnTheRestoredWeights()
        {
            using var splits = Shapes(1);
            // A validation split whose labels are shifted by one class: it disagrees with test about which weights are best.
            using var other = Shapes(9);
            long classes = other.Test.ClassCount;
            long[] wrong = other.Test.Targets.data<long>().Select(l => (l + 1) % classes).ToArray();
            using var shifted = new LabeledImages(other.Test.Images.clone(), tensor(wrong), other.Test.SampleShape, other.Test.ClassNames);
            var plain = TrainingData.From(splits, 8, seed: 0);
            var validation = TrainingData.From(new DataSplits("v", other.Train, shifted), 8, 0).Test;
            var test = new Counted(plain.Test);
            var data = plain with { Test = test, Validation = validation, ValidationFraction = 0.2 };
            var options = new TrainerOptions { Epochs = 3, LearningRate = 0.05, Device = CPU, ValidationFraction = 0.2, RestoreBestWeights = true };
            var probe = new BothSplits(validation, plain.Test, options.CreateTask(splits.Train.ClassNames));

            var result = new Trainer(Net(), data, options).Run(probe);

            Assert.True(result.Validated);
            Assert.Equal(probe.Metrics.Select(m => m.Validation), result.History.Select(m => m.TestMetric));
            Assert.All(result.History, m => Assert.True(m.Validated));
            Assert.NotEqual(probe.Metrics.Select(m => m.Validation), probe.Metrics.Select(m => m.Test));   // the case tells the two apart
            double bestValidation = probe.Metrics.Max(m => m.Validation);
            int best = probe.Metrics.FindIndex(m => m.Validation == bestValidation) + 1;
            Assert.Equal(best, result.BestEpoch);
            Assert.Contains("val accuracy", result.BestSummary);
            // The trainer read test once (the probe's own reads are of the unwrapped source), and scored the restored best weights.
            Assert.Equal(1, test.Reads);
            Assert.Equal(probe.Metrics[best - 1].Test, result.Test.Metric, 6);
        }

        [Fact]
        public void WithoutValidation_TestIsEvaluatedEveryEpoch_AndTheColumnsAreTheTestOnes()
        {
            using var splits = Shapes(1);
            using var dir = new TempFolder();
            var plain = TrainingData.From(splits, 8, seed: 0);
            var test = new Counted(plain.Test);
            var result = new Trainer(Net(), plain with { Test = test }, new TrainerOptions { Epochs = 2, Device = CPU, OutDir = dir.File("run") }).Run();
            Assert.False(result.Validated);
            Assert.Equal(2, test.Reads);   // once per epoch; the last epoch's is the result's
            Assert.StartsWith("epoch,step,lr,train_loss,train_accuracy,test_loss,test_accuracy,seconds", File.ReadAllLines(dir.File("run/metrics.csv"))[0]);
            Assert.Contains("\"testMetric\"", File.ReadAllText(dir.File("run/metrics.json")));
            Assert.False(File.Exists(dir.File("run/" + RunFiles.FinalTest)));
            Assert.Null(Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Settings!.ValidationFraction);
            Assert.DoesNotContain("ValidationFraction", Checkpoint.SettingsJson(Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Settings!));
        }

        [Fact]
        public void AnInMemoryRun_CarvesItsSplit_NamesItsColumnsVal_AndAResumeKeepsTheSplitAndRefusesAnother()
        {
            using var splits = Shapes(1);
            using var dir = new TempFolder();
            string run = dir.File("run");
            var options = new TrainerOptions { Epochs = 1, BatchSize = 8, Device = CPU, OutDir = run, ValidationFraction = 0.25, Seed = 4 };
            var first = new Trainer(Net(), splits, options).Run();
            Assert.True(first.Validated);
            Assert.StartsWith("epoch,step,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds", File.ReadAllLines(Path.Combine(run, "metrics.csv"))[0]);
            Assert.Contains("\"valMetric\"", File.ReadAllText(Path.Combine(run, "metrics.json")));
            string final = File.ReadAllText(Path.Combine(run, RunFiles.FinalTest));
            Assert.Contains("\"testMetric\": " + first.Test.Metric.ToString("R", System.Globalization.CultureInfo.InvariantCulture), final);
            Assert.Equal(0.25, Checkpoint.ReadInfo(Path.Combine(run, "checkpoint.bin")).Settings!.ValidationFraction);
            // The held-out images do not train: an epoch has the carved split's batches, fewer than the whole split's.
            int carved = TrainingData.From(splits, 8, 4, 0.25).Train.BatchesPerEpoch;
            Assert.Equal(carved, first.History[0].Step);
            Assert.True(carved < TrainingData.From(splits, 8, 4).Train.BatchesPerEpoch);

            // Resumed without naming a split: the recorded one is carved again (the same seed, the same samples) and judged on.
            var resumed = new Trainer(Net(), splits, options with { Epochs = 2, Resume = true, ValidationFraction = null }).Run();
            Assert.True(resumed.Validated);
            Assert.Equal(2, resumed.History.Count);
            Assert.Equal(2 * carved, resumed.History[1].Step);
            Assert.Equal(0.25, Checkpoint.ReadInfo(Path.Combine(run, "checkpoint.bin")).Settings!.ValidationFraction);

            // Another split would mix two selections in one history: refused, naming both.
            var e = Assert.Throws<InvalidDataException>(() => new Trainer(Net(), splits, options with { Epochs = 3, Resume = true, ValidationFraction = 0.3 }).Run());
            Assert.Contains("0.25", e.Message);
            Assert.Contains("0.3", e.Message);
            Assert.Contains("validation", e.Message);
        }

        [Fact]
        public void OptionsOutside0To05_AreRefusedNamingTheOption_AndFileDataOpenedWithoutTheSplitIsNamed()
        {
            using var splits = Shapes(1);
            var e = Assert.Throws<ArgumentException>(() => new Trainer(Net(), splits, new TrainerOptions { Device = CPU, ValidationFraction = 0.7 }));
            Assert.Contains("TrainerOptions.ValidationFraction", e.Message);
            var noSplit = Assert.Throws<ArgumentException>(() => new Trainer(Net(), TrainingData.From(splits, 32, 0), new TrainerOptions { Device = CPU, ValidationFraction = 0.2 }));
            Assert.Contains("has no validation split", noSplit.Message);
        }
    }
}
