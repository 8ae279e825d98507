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
    public class CheckpointTests
    {
        static readonly TensorShape Small = new TensorShape(1, 16, 16);

        static TinyCnn Model(int seed) => TinyCnn.Gray16(seed);

        static CheckpointInfo Info(int epoch) => new CheckpointInfo("tinycnn", Small.ToString(), epoch, epoch * 10L, 3, Array.Empty<EpochMetrics>());

        [Fact]
        public void WriteReplacesTheFileAndLeavesNoTemporary()
        {
            using var dir = new TempFolder();
            string path = dir.File(Checkpoint.FileName);
            using var model = Model(1);
            Checkpoint.Save(path, Info(1), model, null);
            Assert.Equal(1, Checkpoint.ReadInfo(path).Epoch);
            Checkpoint.Save(path, Info(2), model, null);
            Assert.Equal(2, Checkpoint.ReadInfo(path).Epoch);
            Assert.Equal(new[] { Checkpoint.FileName }, Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray());
        }

        [Fact]
        public void LoadRestoresEveryTensorIncludingBatchNormStatistics()
        {
            using var dir = new TempFolder();
            string path = dir.File(Checkpoint.FileName);
            using var saved = Model(1);
            using var held = new ScalarScope();
            using (no_grad()) saved.named_buffers().First(b => b.name == "bn1.running_mean").buffer.fill_(held[0.25f]);
            Checkpoint.Save(path, Info(1), saved, null);
            using var restored = Model(2);
            Checkpoint.Load(path, restored, null);
            Tensors.AssertSameState(saved, restored);
            Assert.Contains("bn1.num_batches_tracked", restored.state_dict().Keys);
        }

        [Fact]
        public void TheLossScaleOfAnFp16RunIsKeptAndOlderPositionsReadWithout()
        {
            using var dir = new TempFolder();
            string path = dir.File(Checkpoint.FileName);
            using var model = Model(1);
            var scaled = Info(1) with { Position = ResumePoint.AtEpochEnd("sgd", 10) with { LossScale = new LossScaleState(2048, 17, 3) } };
            Checkpoint.Save(path, scaled, model, null);
            Assert.Equal(new LossScaleState(2048, 17, 3), Checkpoint.ReadInfo(path).Position!.LossScale);
            Checkpoint.Save(path, Info(1) with { Position = ResumePoint.AtEpochEnd("sgd", 10) }, model, null);
            Assert.Null(Checkpoint.Load(path, model, null).Position!.LossScale);
        }

        /// <summary>
        /// A header value no run writes (the checksum covers a file written that way) is named with the file as a corrupt
        /// checkpoint when the header is read: not an ArgumentException from the loss scaler on resume.
        /// </summary>
        [Theory]
        [InlineData(double.NaN, 0, "LossScale.Scale = NaN")]
        [InlineData(-1.0, 0, "LossScale.Scale = -1")]
        [InlineData(1024.0, -3, "LossScale.GoodSteps = -3")]
        public void AnImpossibleHeaderValueIsACorruptCheckpointNamingTheFileAndField(double scale, int goodSteps, string field)
        {
            using var dir = new TempFolder();
            string path = dir.File(Checkpoint.FileName);
            using var model = Model(1);
            Checkpoint.Save(path, Info(1) with { Position = ResumePoint.AtEpochEnd("sgd", 10) with { LossScale = new LossScaleState(scale, goodSteps, 0) } }, model, null);
            var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadInfo(path));
            Assert.Equal($"{path}: corrupt checkpoint: its header holds {field}{(field.StartsWith("LossScale.Scale") ? " (a loss scale is positive and finite)" : "")}; nothing was loaded", e.Message);
            Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, model, null));

            Checkpoint.Save(path, Info(1) with { Position = ResumePoint.AtEpochEnd("sgd", 10) with { StepInEpoch = -5 } }, model, null);
            Assert.Contains("its header holds Position.StepInEpoch = -5", Assert.Throws<InvalidDataException>(() => Checkpoint.ReadInfo(path)).Message);
        }

        /// <summary>
        /// A mid-epoch position the data cannot have (past the epoch's end, or without the epoch's metric sums) is a corrupt
        /// checkpoint named by its path, never an IndexOutOfRangeException (an internal error in the CLI).
        /// </summary>
        [Theory]
        [InlineData(9999)]
        [InlineData(1)]
        public void AResumeFromAnImpossibleMidEpochPositionNamesTheCheckpoint(int stepInEpoch)
        {
            using var dir = new TempFolder();
            string path = dir.File(Checkpoint.FileName);
            using var model = Model(1);
            Checkpoint.Save(path, Info(0) with { Position = ResumePoint.AtEpochEnd("sgd", 0) with { StepInEpoch = stepInEpoch } }, model, null);
            using var data = ShapesDataset.Load(Small, seed: 1, trainCount: 12, testCount: 6);
            var trainer = new Trainer(model, data, new TrainerOptions { ModelName = "tinycnn", Seed = 3, Epochs = 1, BatchSize = 4, OutDir = dir.Path, Resume = true, Device = CPU });
            var e = Assert.Throws<InvalidDataException>(() => trainer.Run());
            Assert.StartsWith(path + ": corrupt checkpoint: ", e.Message);
        }

        [Fact]
        public void CorruptFilesAreReportedWithTheirPath()
        {
            using var dir = new TempFolder();
            string path = dir.File(Checkpoint.FileName);
            using var model = Model(1);
            Checkpoint.Save(path, Info(1), model, null);
            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
            var truncated = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, model, null));
            Assert.Equal($"{path}: truncated checkpoint: the header announces {bytes.Length - 24} payload bytes but the file holds {bytes.Length / 2 - 24}", truncated.Message);

            File.WriteAllText(path, "definitely not a checkpoint");
            var garbage = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadInfo(path));
            Assert.Equal(path + ": not a NetDsl checkpoint (it does not start with NETDSLCK)", garbage.Message);
        }

        [Fact]
        public void ACheckpointOfAnotherArchitectureIsRefusedAndLeavesTheModelAsItWas()
        {
            using var dir = new TempFolder();
            string path = dir.File(Checkpoint.FileName);
            using (var other = new TinyCnn(3, 16)) Checkpoint.Save(path, Info(1), other, null);
            using var model = Model(5);
            using var reference = Model(5);
            var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, model, null));
            Assert.Equal(path + " (checkpoint): does not fit TinyCnn: shape mismatches (1): conv1.weight (file [16, 3, 3, 3], model [16, 1, 3, 3])", e.Message);
            Tensors.AssertSameState(reference, model);
        }

        [Fact]
        public void ResumeContinuesFromTheSavedEpochWithIdenticalWeights()
        {
            using var data = ShapesDataset.Load(Small, seed: 4, trainCount: 240, testCount: 60);
            var options = new TrainerOptions { Epochs = 2, BatchSize = 32, LearningRate = 0.05, Seed = 4, ModelName = "tinycnn", Device = CPU };

            using var straightDir = new TempFolder();
            using var straight = Model(9);
            var straightResult = new Trainer(straight, data, options with { OutDir = straightDir.Path }).Run();

            // The same two-epoch run, stopped by a crash right after epoch 1 was checkpointed.
            using var splitDir = new TempFolder();
            using (var first = Model(9))
                Assert.Throws<CrashAfterEpoch>(() => new Trainer(first, data, options with { OutDir = splitDir.Path }).Run(new CrashAfterEpoch(1)));
            string checkpoint = Path.Combine(splitDir.Path, Checkpoint.FileName);
            Assert.Equal(1, Checkpoint.ReadInfo(checkpoint).Epoch);

            using var resumed = Model(123); // different initial weights: everything must come from the checkpoint
            var resumedResult = new Trainer(resumed, data, options with { OutDir = splitDir.Path, Resume = true }).Run();

            Assert.Equal(1, resumedResult.ResumedFromEpoch);
            Assert.Equal(new[] { 1, 2 }, resumedResult.History.Select(m => m.Epoch).ToArray());
            Assert.Equal(straightResult.History[1].Step, resumedResult.History[1].Step);
            Tensors.AssertSameState(straight, resumed);
            Assert.Equal(straightResult.TestMetric, resumedResult.TestMetric);
        }

        sealed class CrashAfterEpoch(int epoch) : Exception("simulated crash"), ITrainingObserver
        {
            public void EpochStarting(int e, int epochs, int steps, int skipped) { }
            public void StepFinished(StepProgress progress) { }
            public void EpochFinished(EpochMetrics metrics, int epochs)
            {
                if (metrics.Epoch == epoch) throw this;
            }
        }

        [Fact]
        public void ResumeRefusesACheckpointOfAnotherModel()
        {
            using var dir = new TempFolder();
            using var model = Model(1);
            Checkpoint.Save(dir.File(Checkpoint.FileName), Info(1) with { ModelName = "other" }, model, null);
            using var data = ShapesDataset.Load(Small, seed: 1, trainCount: 12, testCount: 6);
            var trainer = new Trainer(model, data, new TrainerOptions { ModelName = "tinycnn", Seed = 3, OutDir = dir.Path, Resume = true, Device = CPU });
            var e = Assert.Throws<InvalidDataException>(() => trainer.Run());
            Assert.Contains("was written for other", e.Message);
        }
    }
}
