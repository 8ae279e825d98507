using System;
using System.Linq;
using NetDsl.Runtime.Training;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>train --resume</c> keeps the <c>--monitor</c> its run recorded (before: the test metric unless given again), says so on
    /// stderr when another is given, and prints the trainer's warnings (before: dropped) on stderr, each once.
    /// </summary>
    public sealed class ResumeMonitorTests
    {
        static readonly string[] Tiny = { "--input", "3x8x8", "--batch", "16", "--lr", "0.000000001", "--train-images", "32", "--test-images", "16",
            "--patience", "1", "--device", "cpu" };

        static (int code, string output, string error) Train(string outDir, params string[] more) =>
            CliCapture.Run(new[] { "train", "tinycnn", "--out", outDir }.Concat(Tiny).Concat(more).ToArray());

        static int Count(string text, string part) => text.Split('\n').Count(l => l.Contains(part, StringComparison.Ordinal));

        [Fact]
        public void AResume_KeepsTheRecordedMonitor_ANewOneIsNoted_AndTheTrainersWarningIsPrintedOnce()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            var (code, output, error) = Train(run, "--epochs", "4", "--monitor", "loss");
            Assert.True(code == 0, output + error);
            Assert.Contains("stopped early: no better test loss", output);
            Assert.Equal("loss", Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Settings!.Monitor);

            // Without --monitor: the run's (test loss), named in the trainer's resume warning, printed once on stderr.
            (code, output, error) = Train(run, "--epochs", "6", "--resume");
            Assert.True(code == 0, output + error);
            Assert.Equal(1, Count(error, "warning: resuming a run that stopped early after epoch "));
            Assert.Matches(@"\(best epoch \d+: test loss ", error);
            Assert.DoesNotContain("--monitor", error);
            Assert.Contains("stopped early: no better test loss", output);

            // Another --monitor given: one line on stderr says so, and it is the one used (and recorded).
            (code, output, error) = Train(run, "--epochs", "9", "--resume", "--monitor", "metric");
            Assert.True(code == 0, output + error);
            Assert.Equal(1, Count(error, "note: --monitor metric overrides the run's recorded --monitor loss"));
            Assert.Matches(@"best epoch \d+: test accuracy ", output);
            Assert.Equal("metric", Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Settings!.Monitor);
        }

        /// <summary>A checkpoint from before the record reads as the test metric, today's default.</summary>
        [Fact]
        public void AnOlderCheckpointWithoutTheRecord_KeepsTheDefault()
        {
            var args = NetDsl.Cli.CliArguments.Parse("train", new[] { "tinycnn", "--resume" });
            var entry = TestModels.Catalogue.First(m => m.Name == "tinycnn");
            var old = new RunSettings("shapes", 16, 0.1, "cosine", 2, "sgd");
            Assert.Equal(StopMonitor.Metric, NetDsl.Cli.TrainOptionsParser.Parse(args, entry, old).Monitor);
            Assert.Equal(StopMonitor.Loss, NetDsl.Cli.TrainOptionsParser.Parse(args, entry, old with { Monitor = "loss" }).Monitor);
            Assert.Null(NetDsl.Cli.TrainOptionsParser.MonitorOverride(NetDsl.Cli.CliArguments.Parse("train", new[] { "tinycnn", "--monitor", "loss" }), old,
                new TrainerOptions { Monitor = StopMonitor.Loss }));
        }
    }
}
