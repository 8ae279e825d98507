using System.IO;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class FaultTests
    {
        static readonly TensorShape Gray16 = new TensorShape(1, 16, 16);

        [Fact]
        public void ANaNLossStopsTheRunNamingEpochAndStepAndKeepsTheLastGoodFiles()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 1, trainCount: 96, testCount: 32);
            using var dir = new TempFolder();
            random.manual_seed(1);
            using var inner = new TinyCnn(1, 16);
            var options = new TrainerOptions { Epochs = 3, BatchSize = 16, LearningRate = 0.01, Seed = 1, Device = CPU, OutDir = dir.Path, CheckpointEvery = 5 };
            // Six steps per epoch: epoch 1 finishes and is saved; step 4 of epoch 2 (call 10) is saved; call 11 fails.
            var model = new NaNAfter(inner, failingCall: 11);
            var e = Assert.Throws<TrainingFailedException>(() => new Trainer(model, data, options).Run());
            Assert.Equal((2, 5), (e.Epoch, e.Step));
            Assert.Contains("loss is NaN at epoch 2, step 5 (global step 11)", e.Message);
            Assert.Contains(Path.Combine(dir.Path, Checkpoint.FileName), e.Message);

            var info = Checkpoint.ReadInfo(dir.File(Checkpoint.FileName));
            Assert.Equal((1, 10L), (info.Epoch, info.Step));
            Assert.Equal(2, File.ReadAllLines(dir.File(MetricsLog.CsvFileName)).Length); // epoch 1 only
            byte[] saved = File.ReadAllBytes(dir.File(Checkpoint.FileName));

            // A resumed run that fails at once leaves every file as it was.
            var again = new NaNAfter(inner, failingCall: 1);
            Assert.Throws<TrainingFailedException>(() => new Trainer(again, data, options with { Resume = true }).Run());
            Assert.Equal(saved, File.ReadAllBytes(dir.File(Checkpoint.FileName)));
        }

        [Fact]
        public void ALabelBeyondTheModelsClassesNamesTheDataBatchAndSample()
        {
            using var images = zeros(8, 1, 16, 16);
            using var labels = tensor(new long[] { 0, 1, 2, 3, 4, 5, 7, 0 });
            using var splits = new DataSplits("broken", new LabeledImages(images.clone(), labels.clone(), Gray16, new[] { "a", "b", "c", "d", "e", "f" }),
                new LabeledImages(images.clone(), labels.clone(), Gray16, new[] { "a", "b", "c", "d", "e", "f" }));
            random.manual_seed(1);
            using var model = new TinyCnn(1, 16);
            var options = new TrainerOptions { Epochs = 1, BatchSize = 8, Seed = 1, Device = CPU };
            var e = Assert.Throws<InvalidDataException>(() => new Trainer(model, splits, options).Run());
            Assert.StartsWith("broken train, epoch 1 batch 1, sample ", e.Message);
            Assert.EndsWith(": label 7 is outside 0..5 (the model has 6 outputs)", e.Message);
        }
    }
}
