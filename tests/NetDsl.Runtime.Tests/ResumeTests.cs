using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class ResumeTests
    {
        static readonly TensorShape Gray16 = new TensorShape(1, 16, 16);

        [Fact]
        public void AResumeWithAnotherHeadNamesTheHead_AndDoesNotPointAtBestBin()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 4, trainCount: 32, testCount: 16);
            using var dir = new TempFolder();
            var options = new TrainerOptions { Epochs = 1, BatchSize = 16, Seed = 4, ModelName = "tiny", Device = CPU, OutDir = dir.Path };
            using (var six = new TinyCnn(1, 16, classes: 6)) new Trainer(six, data, options).Run();
            Assert.True(File.Exists(dir.File(Checkpoint.BestFileName)));

            using var eight = new TinyCnn(1, 16, classes: 8);
            var e = Assert.Throws<InvalidDataException>(() => new Trainer(eight, data, options with { Epochs = 2, Resume = true }).Run());
            Assert.Contains("the file's head has 6 outputs: build the model with 6 classes", e.Message);
            Assert.DoesNotContain("still reads", e.Message);
        }

        [Theory]
        [InlineData(OptimizerKind.AdamW, ScheduleKind.OneCycle, false)]
        [InlineData(OptimizerKind.Sgd, ScheduleKind.Step, true)]
        [InlineData(OptimizerKind.Lamb, ScheduleKind.Cosine, false)]
        public void AStopMidEpochResumesToBitIdenticalWeights(OptimizerKind optimizer, ScheduleKind schedule, bool nesterov)
        {
            using var data = ShapesDataset.Load(Gray16, seed: 4, trainCount: 160, testCount: 40);
            var options = new TrainerOptions
            {
                Epochs = 2, BatchSize = 16, LearningRate = 0.01, Seed = 4, ModelName = "dropout", Device = CPU, Optimizer = optimizer,
                Schedule = schedule, Nesterov = nesterov, ClipNorm = 1.0, LabelSmoothing = 0.1, CheckpointEvery = 4,
            };
            using var straightDir = new TempFolder();
            using var straight = DropoutNet.Seeded(9);
            var straightResult = new Trainer(straight, data, options with { OutDir = straightDir.Path }).Run();

            // 10 steps per epoch: the last checkpoint before the crash at step 14 is step 12, two steps into epoch 2.
            using var splitDir = new TempFolder();
            using (var first = DropoutNet.Seeded(9))
                Assert.Throws<CrashAtStep>(() => new Trainer(first, data, options with { OutDir = splitDir.Path }).Run(new CrashAtStep(14)));
            var info = Checkpoint.ReadInfo(Path.Combine(splitDir.Path, Checkpoint.FileName));
            Assert.Equal((1, 12L, 2), (info.Epoch, info.Step, info.Position!.StepInEpoch));

            using var resumed = DropoutNet.Seeded(123); // other initial weights: everything must come from the checkpoint
            var resumedResult = new Trainer(resumed, data, options with { OutDir = splitDir.Path, Resume = true }).Run();

            Assert.Equal(1, resumedResult.ResumedFromEpoch);
            var expected = straight.state_dict();
            foreach (var (key, value) in resumed.state_dict()) Assert.True(Tensors.Same(expected[key], value), $"{key} differs");
            Assert.Equal(straightResult.History[1] with { Seconds = 0 }, resumedResult.History[1] with { Seconds = 0, Details = straightResult.History[1].Details });
            Assert.Equal(straightResult.History[1].TrainLoss, resumedResult.History[1].TrainLoss);
            Assert.Empty(Directory.GetFiles(splitDir.Path, "*.tmp*"));
        }

        /// <summary>
        /// Options built by hand name no model: the trainer names it (its type), so resuming one network's run with another of the
        /// same input is refused by name, not left to the weight loader's list of mismatched keys.
        /// </summary>
        [Fact]
        public void HandBuiltOptions_RecordTheModelsOwnName_SoAnotherNetworkCannotResumeTheRun()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 4, trainCount: 32, testCount: 16);
            using var dir = new TempFolder();
            var options = new TrainerOptions { Epochs = 1, BatchSize = 16, Device = CPU, OutDir = dir.Path };
            using (var first = DropoutNet.Seeded(1)) new Trainer(first, data, options).Run();
            Assert.Equal("dropoutnet", Checkpoint.ReadInfo(Path.Combine(dir.Path, Checkpoint.FileName)).ModelName);

            using var other = TinyCnn.Gray16(2);
            var e = Assert.Throws<InvalidDataException>(() => new Trainer(other, data, options with { Epochs = 2, Resume = true }).Run());
            Assert.Equal($"{Path.Combine(dir.Path, Checkpoint.FileName)}: was written for dropoutnet at input 1x16x16, not tinycnn at 1x16x16", e.Message);
            using var same = DropoutNet.Seeded(3);
            Assert.Equal(1, new Trainer(same, data, options with { Epochs = 2, Resume = true }).Run().ResumedFromEpoch);
        }

        [Fact]
        public void BestCheckpointKeepsTheBestEpochAndEarlyStoppingEndsAStalledRun()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 6, trainCount: 64, testCount: 32);
            using var dir = new TempFolder();
            using var model = DropoutNet.Seeded(1);
            // A rate this small cannot change the test accuracy: epoch 1 stays best, so patience 2 stops after epoch 3.
            var options = new TrainerOptions { Epochs = 6, BatchSize = 16, LearningRate = 1e-12, Seed = 6, Device = CPU, OutDir = dir.Path, Patience = 2 };
            var result = new Trainer(model, data, options).Run();
            Assert.True(result.StoppedEarly);
            Assert.Equal(3, result.History.Count);
            Assert.Equal(1, result.BestEpoch);
            Assert.Equal(1, Checkpoint.ReadInfo(dir.File(Checkpoint.BestFileName)).Epoch);
            Assert.Equal(3, Checkpoint.ReadInfo(dir.File(Checkpoint.FileName)).Epoch);
        }
    }
}
