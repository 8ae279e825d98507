using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Training;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>train --val-fraction F</c>: listed, checked, judged on, recorded, kept on <c>--resume</c> and refused when changed there.</summary>
    public sealed class CliValidationTests
    {
        static readonly string[] Tiny = { "--input", "3x8x8", "--batch", "16", "--train-images", "64", "--test-images", "16", "--device", "cpu" };

        static (int code, string output, string error) Train(string outDir, params string[] more) =>
            CliCapture.Run(new[] { "train", "tinycnn", "--out", outDir }.Concat(Tiny).Concat(more).ToArray());

        [Fact]
        public void Help_ListsIt_AndAFractionAbove05_IsAUsageError()
        {
            var (code, output, error) = CliCapture.Run("train", "--help");
            Assert.Equal(0, code);
            Assert.Contains("--val-fraction", output + error);
            using var dir = new TempFolder();
            (code, output, error) = Train(dir.File("run"), "--val-fraction", "0.7");
            Assert.Equal(2, code);
            Assert.Contains("--val-fraction", error);
            Assert.Contains("0.7", error);
        }

        [Fact]
        public void ARun_IsJudgedOnValidation_ScoresTestOnce_AndAResumeKeepsTheSplit_OrRefusesAnother()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            var (code, output, error) = Train(run, "--epochs", "1", "--val-fraction", "0.25");
            Assert.True(code == 0, output + error);
            Assert.Matches(@"\(\d+ train / \d+ validation / 16 test", output);
            Assert.Contains("test (scored once, epochs chosen by validation)", output);
            Assert.StartsWith("epoch,step,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds", File.ReadAllLines(Path.Combine(run, "metrics.csv"))[0]);
            Assert.True(File.Exists(Path.Combine(run, RunFiles.FinalTest)));
            Assert.Equal(0.25, Checkpoint.ReadInfo(Path.Combine(run, "checkpoint.bin")).Settings!.ValidationFraction);

            // Without --val-fraction the run's split is kept.
            (code, output, error) = Train(run, "--epochs", "2", "--resume");
            Assert.True(code == 0, output + error);
            Assert.Contains("validation /", output);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1);
            Assert.Equal(0.25, Checkpoint.ReadInfo(Path.Combine(run, "checkpoint.bin")).Settings!.ValidationFraction);

            // Another one is refused, naming the flag to resume with.
            (code, output, error) = Train(run, "--epochs", "3", "--resume", "--val-fraction", "0.3");
            Assert.NotEqual(0, code);
            Assert.Contains("resume with --val-fraction 0.25", error);
        }

        [Fact]
        public void ZooTrain_TakesIt_AndRefusesAFractionAbove05()
        {
            using var dir = new TempFolder();
            string prefix = dir.File("zoo");
            string[] sweep = { "zoo-train", "tinycnn", "--out", prefix, "--epochs", "1", "--train-images", "32", "--test-images", "16", "--input", "3x8x8", "--batch", "8" };
            var (code, output, error) = CliCapture.Run(sweep.Concat(new[] { "--val-fraction", "0.9" }).ToArray());
            Assert.Equal(2, code);
            Assert.Contains("--val-fraction", error);
            (code, output, error) = CliCapture.Run(sweep.Concat(new[] { "--val-fraction", "0.25" }).ToArray());
            Assert.True(code is 0 or 1, output + error);   // 1: a model below its card's metric, not a refusal
            Assert.Contains("tinycnn", File.ReadAllText(prefix + ".csv"));
        }

        [Fact]
        public void ARunWithoutIt_KeepsTheTestColumns_AndWritesNoFinalTestFile()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            var (code, output, error) = Train(run, "--epochs", "1");
            Assert.True(code == 0, output + error);
            Assert.DoesNotContain("validation", output);
            Assert.StartsWith("epoch,step,lr,train_loss,train_accuracy,test_loss,test_accuracy,seconds", File.ReadAllLines(Path.Combine(run, "metrics.csv"))[0]);
            Assert.False(File.Exists(Path.Combine(run, RunFiles.FinalTest)));
        }
    }
}
