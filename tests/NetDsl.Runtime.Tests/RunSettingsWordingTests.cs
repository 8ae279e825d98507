using System;
using System.IO;
using NetDsl.Runtime.Training;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// A resume's checks speak C# to a C# caller (TrainerOptions' properties) and the CLI's flags only through the CLI
    /// (<see cref="CommandLineWording"/>; RunGuardTests checks the CLI's own output).
    /// </summary>
    public sealed class RunSettingsWordingTests
    {
        static CheckpointInfo Saved(RunSettings settings) =>
            new CheckpointInfo("tinycnn", "3x8x8", 1, 10, 0, Array.Empty<EpochMetrics>()) { Settings = settings };

        [Fact]
        public void Overrides_AreNamedByTrainerOptions_OrByTheCallersNames()
        {
            var info = Saved(new RunSettings("shapes", 32, 0.05, "cosine", 1, "sgd"));
            var now = new RunSettings("shapes", 64, 0.05, "cosine", 2, "sgd");
            Assert.Equal(new[] { "TrainerOptions.BatchSize: the run had 32, now 64", "TrainerOptions.Epochs: the run had 1, now 2" },
                RunSettings.Compare("run/checkpoint.bin", info, now));
            Assert.Equal(new[] { "--BatchSize: the run had 32, now 64", "--Epochs: the run had 1, now 2" },
                RunSettings.Compare("run/checkpoint.bin", info, now, property => "--" + property));
        }

        [Fact]
        public void AnotherDataSource_IsRefusedInCSharp_WithTheFlagsKeptForTheCli()
        {
            var info = Saved(new RunSettings("folder:data", 32, 0.05, "cosine", 1, "sgd"));
            var e = Assert.Throws<InvalidDataException>(() => RunSettings.Compare("run/checkpoint.bin", info, new RunSettings("shapes", 32, 0.05, "cosine", 1, "sgd")));
            Assert.Equal("run/checkpoint.bin: the run was trained on folder:data, not shapes; resume it on folder:data (TrainerOptions.DataSource), or train into another TrainerOptions.OutDir", e.Message);
            Assert.Equal("run/checkpoint.bin: the run was trained on folder:data, not shapes; resume it with --data folder:data, or train into another --out", CommandLineWording.For(e));
        }

        /// <summary>A folder-based source is compared by its folder, not its spelling: <c>folder:./ds1/</c>, <c>folder:ds1</c> and the absolute path are one data set.</summary>
        [Fact]
        public void TheSameFolder_SpelledAnotherWay_IsTheSameData()
        {
            string absolute = Path.GetFullPath("ds1");
            var info = Saved(new RunSettings("folder:ds1", 32, 0.05, "cosine", 1, "sgd"));
            foreach (string spelling in new[] { "folder:./ds1/", "folder:ds1/", "folder:" + absolute, "folder:" + absolute + "/", "folder:other/../ds1" })
                Assert.Empty(RunSettings.Compare("run/checkpoint.bin", info, new RunSettings(spelling, 32, 0.05, "cosine", 1, "sgd")));
            Assert.True(RunSettings.SameData("shapes", "shapes"));
            Assert.False(RunSettings.SameData("folder:ds1", "cifar10:ds1"));   // the same folder read as another kind
            Assert.False(RunSettings.SameData("folder:ds1", "folder:ds2"));
            var e = Assert.Throws<InvalidDataException>(() => RunSettings.Compare("run/checkpoint.bin", info, new RunSettings("folder:./ds2/", 32, 0.05, "cosine", 1, "sgd")));
            Assert.Equal("run/checkpoint.bin: the run was trained on folder:ds1, not folder:./ds2/; resume it with --data folder:ds1, or train into another --out", CommandLineWording.For(e));
        }

        /// <summary>
        /// A checkpoint's settings JSON, byte for byte: the first recorded members (classes, arguments, precision) are written even
        /// when null, every later one only when set, so older checkpoints' headers and newer ones read alike.
        /// </summary>
        [Fact]
        public void TheSettingsJson_WritesTheFirstMembersAlways_AndTheLaterOnesOnlyWhenSet()
        {
            var bare = new RunSettings("shapes", 32, 0.05, "cosine", 1, "sgd");
            Assert.Equal("{\"Data\":\"shapes\",\"Batch\":32,\"LearningRate\":0.05,\"Schedule\":\"cosine\",\"Epochs\":1,\"Optimizer\":\"sgd\",\"Classes\":null,\"Arguments\":null,\"Precision\":null}",
                Checkpoint.SettingsJson(bare));
            var full = bare with
            {
                Classes = 3, Arguments = "width=8", Precision = "fp32", Augment = "crop,flip", Ema = 0.999, ClassNames = new[] { "a", "b", "c" },
                Normalization = new NetDsl.Runtime.Data.Augmentations.Normalize(new[] { 0.5f }, new[] { 0.25f }), Mixup = 0.2, CutMix = 1.0,
                ClassWeights = new[] { 1.0, 2.0, 0.5 }, WeightDecay = 5e-4, DecayAll = false, Momentum = 0.9, Nesterov = true, Warmup = "default",
                LabelSmoothing = 0.1, ClipNorm = 0, Accumulate = 2, LearningRateScales = "",
            };
            Assert.Equal("{\"Data\":\"shapes\",\"Batch\":32,\"LearningRate\":0.05,\"Schedule\":\"cosine\",\"Epochs\":1,\"Optimizer\":\"sgd\",\"Classes\":3,\"Arguments\":\"width=8\",\"Precision\":\"fp32\","
                + "\"Augment\":\"crop,flip\",\"Ema\":0.999,\"ClassNames\":[\"a\",\"b\",\"c\"],\"Normalization\":{\"Mean\":[0.5],\"Std\":[0.25]},\"Mixup\":0.2,\"CutMix\":1,"
                + "\"ClassWeights\":[1,2,0.5],\"WeightDecay\":0.0005,\"DecayAll\":false,\"Momentum\":0.9,\"Nesterov\":true,\"Warmup\":\"default\",\"LabelSmoothing\":0.1,"
                + "\"ClipNorm\":0,\"Accumulate\":2,\"LearningRateScales\":\"\"}",
                Checkpoint.SettingsJson(full));
            // A lenet5 run's settings as the 16 per-member attributes wrote them (read from its checkpoint.bin before they became one rule).
            var lenet = new RunSettings("shapes", 32, 0.002, "cosine", 1, "adamw")
            {
                Classes = 6, Precision = "fp32", ClassNames = new[] { "circle", "square", "triangle", "cross", "bar", "ring" },
                Normalization = new NetDsl.Runtime.Data.Augmentations.Normalize(new[] { 0.5f }, new[] { 0.25f }), WeightDecay = 0.01, DecayAll = false,
                Warmup = "default", LabelSmoothing = 0, ClipNorm = 0, Accumulate = 1, LearningRateScales = "",
            };
            Assert.Equal("{\"Data\":\"shapes\",\"Batch\":32,\"LearningRate\":0.002,\"Schedule\":\"cosine\",\"Epochs\":1,\"Optimizer\":\"adamw\",\"Classes\":6,\"Arguments\":null,"
                + "\"Precision\":\"fp32\",\"ClassNames\":[\"circle\",\"square\",\"triangle\",\"cross\",\"bar\",\"ring\"],\"Normalization\":{\"Mean\":[0.5],\"Std\":[0.25]},"
                + "\"WeightDecay\":0.01,\"DecayAll\":false,\"Warmup\":\"default\",\"LabelSmoothing\":0,\"ClipNorm\":0,\"Accumulate\":1,\"LearningRateScales\":\"\"}",
                Checkpoint.SettingsJson(lenet));
            Assert.Equal(full with { ClassNames = null, Normalization = null, ClassWeights = null }, System.Text.Json.JsonSerializer.Deserialize<RunSettings>(Checkpoint.SettingsJson(full))! with { ClassNames = null, Normalization = null, ClassWeights = null });
        }
    }
}
