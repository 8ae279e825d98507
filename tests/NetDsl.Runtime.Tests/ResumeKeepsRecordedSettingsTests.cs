using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// A resume keeps the settings its run recorded for every option the resume does not give (not the card's or the
    /// defaults'); an option it gives that differs is reported as an override, or refused where the run cannot change it.
    /// </summary>
    public class ResumeKeepsRecordedSettingsTests
    {
        static (int code, string[] lines, string error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(args, TestModels.Catalogue, new CliConsole(output, error, interactive: false));
            return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray(), error.ToString());
        }

        static string[] Train(string dir, params string[] more) =>
            new[] { "train", "tinycnn-gray", "--input", "1x8x8", "--seed", "3", "--out", dir }.Concat(more).ToArray();

        [Fact]
        public void CliResumeWithoutTheFlagsKeepsTheRunsOptimizerRateBatchScheduleAndMixing()
        {
            using var dir = new TempFolder();
            var (code, _, error) = Run(Train(dir.Path, "--epochs", "1", "--batch", "16", "--lr", "0.01", "--optimizer", "adamw", "--schedule", "step",
                "--mixup", "0.2", "--class-weights", "1,2,1,1,1,1"));
            Assert.True(code == 0, error);

            (code, var lines, error) = Run(Train(dir.Path, "--epochs", "2", "--resume"));
            Assert.True(code == 0, error);
            // Only what was given and differs is an override: the epochs.
            Assert.Equal(new[] { "resume overrides --epochs: the run had 1, now 2" }, lines.Where(l => l.StartsWith("resume overrides", StringComparison.Ordinal)));
            Assert.Contains(lines, l => l.StartsWith("recipe: adamw, lr 0.01, step,", StringComparison.Ordinal) && l.Contains("batch 16") && l.Contains("mixup 0.2"));
            var info = Checkpoint.ReadInfo(dir.File(Checkpoint.FileName));
            Assert.Equal(2, info.Epoch);
            Assert.Equal(("adamw", 16, 0.01, "step", 2, (double?)0.2), (info.Settings!.Optimizer, info.Settings.Batch, info.Settings.LearningRate, info.Settings.Schedule, info.Settings.Epochs, info.Settings.Mixup));
            Assert.Equal(new[] { 1.0, 2, 1, 1, 1, 1 }, info.Settings.ClassWeights);
            Assert.Equal("adamw", info.Position!.Optimizer);

            // Without --epochs too, the run's own epoch count: the finished run has nothing left to do and overrides nothing.
            (code, lines, error) = Run(Train(dir.Path, "--resume"));
            Assert.True(code == 0, error);
            Assert.DoesNotContain(lines, l => l.StartsWith("resume overrides", StringComparison.Ordinal));
            Assert.Equal(2, Checkpoint.ReadInfo(dir.File(Checkpoint.FileName)).Epoch);
        }

        [Fact]
        public void CliResumeWithoutSeedKeepsTheRunsSeed_AnotherSeedGivenIsRefused()
        {
            using var dir = new TempFolder();
            var (code, _, error) = Run(Train(dir.Path, "--epochs", "1", "--batch", "16"));
            Assert.True(code == 0, error);
            string[] withoutSeed = { "train", "tinycnn-gray", "--input", "1x8x8", "--out", dir.Path, "--resume", "--epochs", "2" };

            (code, _, error) = Run(withoutSeed.Append("--seed").Append("4").ToArray());
            Assert.NotEqual(0, code);
            Assert.Contains("was written with seed 3; resume with --seed 3", error, StringComparison.Ordinal);

            (code, _, error) = Run(withoutSeed);
            Assert.True(code == 0, error);
            var info = Checkpoint.ReadInfo(dir.File(Checkpoint.FileName));
            Assert.Equal((2, 3), (info.Epoch, info.Seed));
        }

        [Fact]
        public void CliResumeWithoutTheFlagsKeepsTheRestOfTheRecipe()
        {
            using var dir = new TempFolder();
            var (code, _, error) = Run(Train(dir.Path, "--epochs", "1", "--batch", "16", "--weight-decay", "0.003", "--decay-all", "--warmup", "5",
                "--label-smoothing", "0.2", "--clip", "2.5", "--accumulate", "2", "--nesterov", "--lr-scale", "fc=0.5"));
            Assert.True(code == 0, error);
            var first = Checkpoint.ReadInfo(dir.File(Checkpoint.FileName)).Settings!;
            Assert.Equal((0.003, true, 0.9, true, "5 steps", 0.2, 2.5, 2, "fc=0.5"),
                (first.WeightDecay, first.DecayAll, first.Momentum, first.Nesterov, first.Warmup, first.LabelSmoothing, first.ClipNorm, first.Accumulate, first.LearningRateScales));

            (code, var lines, error) = Run(Train(dir.Path, "--epochs", "2", "--resume"));
            Assert.True(code == 0, error);
            Assert.Equal(new[] { "resume overrides --epochs: the run had 1, now 2" }, lines.Where(l => l.StartsWith("resume overrides", StringComparison.Ordinal)));
            Assert.Contains(lines, l => l.StartsWith("recipe: sgd nesterov, lr", StringComparison.Ordinal) && l.Contains("warm-up 5 steps") && l.Contains("weight decay 0.003")
                && l.Contains("label smoothing 0.2") && l.Contains("lr scales fc=0.5"));
            Assert.Contains(lines, l => l.Contains("accumulate: 2 (effective batch 32)"));
            var resumed = Checkpoint.ReadInfo(dir.File(Checkpoint.FileName)).Settings!;
            Assert.Equal(first with { Epochs = 2 }, resumed with { ClassNames = first.ClassNames, Normalization = first.Normalization, ClassWeights = first.ClassWeights });

            // Given again with other values, each is reported under its own flag.
            (code, lines, error) = Run(Train(dir.Path, "--epochs", "3", "--resume", "--weight-decay", "0.001", "--warmup", "0", "--label-smoothing", "0",
                "--clip", "1", "--accumulate", "1", "--lr-scale", "fc=1"));
            Assert.True(code == 0, error);
            foreach (string change in new[] { "--weight-decay: the run had 0.003, now 0.001", "--warmup: the run had 5 steps, now 0 steps",
                "--label-smoothing: the run had 0.2, now 0", "--clip: the run had 2.5, now 1", "--accumulate: the run had 2, now 1", "--lr-scale: the run had fc=0.5, now fc=1" })
                Assert.Contains("resume overrides " + change, lines);
        }

        [Fact]
        public void ApiRecordedRecipeFillsOnlyWhatIsUnsetAndBelongsToTheSameOptimizer()
        {
            var recorded = new RunSettings("shapes", 16, 0.01, "cosine", 2, "sgd")
            {
                WeightDecay = 0.003, DecayAll = true, Momentum = 0.8, Nesterov = true, Warmup = "default", LabelSmoothing = 0.1,
                ClipNorm = 0, Accumulate = 4, LearningRateScales = "",
            };
            var card = new ModelCard { Model = "m", Optimizer = "sgd", WeightDecay = 1e-4, Momentum = 0.95, WarmupEpochs = 2, LabelSmoothing = 0.3, LearningRateScales = LearningRateScales.Parse("fc=0.1") };
            var resumed = new TrainerOptions().WithRecorded(recorded).WithCard(card);
            Assert.Equal((0.003, false, 0.8, true, (int?)null, (double?)null, 0.1, (double?)null, 4, ""),
                (resumed.ResolvedWeightDecay, resumed.ExemptNormsAndBiasesFromDecay, resumed.Momentum, resumed.Nesterov, resumed.WarmupSteps, resumed.WarmupEpochs,
                 resumed.LabelSmoothing, resumed.ClipNorm, resumed.Accumulate, resumed.LearningRateScales!.ToString()));

            // Given values win; another optimizer keeps its own decay and momentum, not the SGD run's.
            var given = new TrainerOptions { WeightDecay = 0.02, WarmupEpochs = 1, Accumulate = 1 }.WithRecorded(recorded);
            Assert.Equal((0.02, (double?)1, 1), (given.ResolvedWeightDecay, given.WarmupEpochs, given.Accumulate));
            var adamw = new TrainerOptions { Optimizer = OptimizerKind.AdamW }.WithRecorded(recorded);
            Assert.Equal((0.01, false), (adamw.ResolvedWeightDecay, adamw.Nesterov));

            // A checkpoint from before the recipe was recorded leaves it all to the card, as before.
            var old = new TrainerOptions().WithRecorded(new RunSettings("shapes", 16, 0.01, "cosine", 2, "sgd")).WithCard(card);
            Assert.Equal((1e-4, 0.95, (double?)2, 0.3, "fc=0.1"), (old.ResolvedWeightDecay, old.Momentum, old.WarmupEpochs, old.LabelSmoothing, old.LearningRateScales!.ToString()));
        }

        [Fact]
        public void CliResumeWithOtherValuesGivenStillOverridesOrRefusesThem()
        {
            using var dir = new TempFolder();
            var (code, _, error) = Run(Train(dir.Path, "--epochs", "1", "--batch", "16", "--lr", "0.01", "--optimizer", "adamw"));
            Assert.True(code == 0, error);

            (code, _, error) = Run(Train(dir.Path, "--epochs", "2", "--optimizer", "sgd", "--resume"));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("was written by optimizer adamw; resume with the same optimizer, not sgd", error);

            (code, var lines, error) = Run(Train(dir.Path, "--epochs", "2", "--batch", "8", "--lr", "0.02", "--schedule", "onecycle", "--resume"));
            Assert.True(code == 0, error);
            Assert.Contains("resume overrides --batch: the run had 16, now 8", lines);
            Assert.Contains("resume overrides --lr: the run had 0.01, now 0.02", lines);
            Assert.Contains("resume overrides --schedule: the run had cosine, now onecycle", lines);
            var settings = Checkpoint.ReadInfo(dir.File(Checkpoint.FileName)).Settings!;
            Assert.Equal(("adamw", 8, 0.02, "onecycle"), (settings.Optimizer, settings.Batch, settings.LearningRate, settings.Schedule));
        }

        [Fact]
        public void ApiResumeWithTheSettingsUnsetKeepsTheRunsRecordedOnes()
        {
            using var data = ShapesDataset.Load(new TensorShape(1, 16, 16), seed: 2, trainCount: 32, testCount: 16);
            using var dir = new TempFolder();
            var basic = new TrainerOptions { Seed = 2, ModelName = "tinycnn", Device = CPU, OutDir = dir.Path };
            using (var model = TinyCnn.Gray16(1))
                new Trainer(model, data, basic with { Epochs = 1, BatchSize = 16, LearningRate = 0.01, Optimizer = OptimizerKind.AdamW, Schedule = ScheduleKind.Step }).Run();

            using (var model = TinyCnn.Gray16(1))
                Assert.Equal(1, new Trainer(model, data, basic with { Epochs = 2, Resume = true }).Run().ResumedFromEpoch);
            var info = Checkpoint.ReadInfo(dir.File(Checkpoint.FileName));
            Assert.Equal(("adamw", 16, 0.01, "step", 2), (info.Settings!.Optimizer, info.Settings.Batch, info.Settings.LearningRate, info.Settings.Schedule, info.Settings.Epochs));

            // Set values win over the recorded ones (and are compared as before: another optimizer is refused).
            var recorded = info.Settings;
            var given = new TrainerOptions { LearningRate = 0.02, BatchSize = 8 }.WithRecorded(recorded);
            Assert.Equal((0.02, 8, OptimizerKind.AdamW, ScheduleKind.Step, 2), (given.LearningRate, given.BatchSize, given.Optimizer, given.Schedule, given.Epochs));
            using (var model = TinyCnn.Gray16(1))
            {
                var e = Assert.Throws<InvalidDataException>(() => new Trainer(model, data, basic with { Epochs = 3, Resume = true, Optimizer = OptimizerKind.Sgd }).Run());
                Assert.Contains("was written by optimizer adamw; resume with the same optimizer, not sgd", e.Message);
            }
        }
    }
}
