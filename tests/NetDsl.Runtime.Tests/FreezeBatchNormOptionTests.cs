using System;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>train --weights … --freeze --freeze-bn false</c>: the loaded backbone's weights stay fixed while its BatchNorm statistics
    /// follow the new data (before: an unknown option; <c>--freeze</c> always froze them), and <c>--resume</c> keeps it so.
    /// </summary>
    public sealed class FreezeBatchNormOptionTests
    {
        /// <summary>Whether a state-dict key is a BatchNorm statistic (which <c>--freeze-bn false</c> lets move).</summary>
        static bool Statistic(string key) => key.EndsWith("running_mean", StringComparison.Ordinal) || key.EndsWith("running_var", StringComparison.Ordinal)
                                             || key.EndsWith("num_batches_tracked", StringComparison.Ordinal);

        /// <summary>Every backbone weight (not the fresh <c>fc.</c> head) of <paramref name="after"/> equals <paramref name="before"/>'s; every running mean moved.</summary>
        static void WeightsStay_StatisticsMove(string before, string after)
        {
            using var first = SafeTensors.Read(before);
            using var second = SafeTensors.Read(after);
            int means = 0;
            foreach (var (key, value) in first.Entries)
            {
                if (key.StartsWith("fc.", StringComparison.Ordinal)) continue;
                if (key.EndsWith("running_mean", StringComparison.Ordinal)) { means++; Assert.False(Tensors.Same(value, second[key]), key); }
                else if (!Statistic(key)) Assert.True(Tensors.Same(value, second[key]), key);
            }
            Assert.True(means > 0);
        }

        [Fact]
        public void FreezeBnFalse_KeepsTheWeights_UpdatesTheStatistics_AndAResumeKeepsItSo()
        {
            using var dir = new TempFolder();
            string data = "folder:" + DataSubsetTests.WriteFolder(dir);
            string weights = dir.File("w.safetensors"), epoch1 = dir.File("e1.safetensors"), epoch2 = dir.File("e2.safetensors"), run = dir.File("run");
            Assert.Equal(0, CliCapture.Run("export", "tinycnn", "--format", "safetensors", "--input", "3x8x8", "--out", weights).code);
            var (code, output, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "1", "--batch", "8",
                "--weights", weights, "--freeze", "--freeze-bn", "false", "--out", run);
            Assert.True(code == 0, output + error);
            Assert.DoesNotContain("the statistics of", output);
            var settings = Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Settings!;
            Assert.NotNull(settings.Frozen);
            Assert.Null(settings.FrozenBatchNorms);
            Assert.Equal(0, CliCapture.Run("export", "tinycnn", "--format", "safetensors", "--checkpoint", dir.File("run/checkpoint.bin"), "--out", epoch1).code);
            WeightsStay_StatisticsMove(weights, epoch1);

            (code, output, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "2", "--batch", "8", "--resume", "--out", run);
            Assert.True(code == 0, output + error);
            Assert.Contains("frozen as the run was (--freeze): ", output);
            Assert.DoesNotContain("the statistics of", output);
            Assert.Equal(0, CliCapture.Run("export", "tinycnn", "--format", "safetensors", "--checkpoint", dir.File("run/checkpoint.bin"), "--out", epoch2).code);
            WeightsStay_StatisticsMove(epoch1, epoch2);
        }

        [Fact]
        public void FreezeBn_WithoutFreeze_IsAUsageErrorNamingIt()
        {
            using var dir = new TempFolder();
            var (code, _, error) = CliCapture.Run("train", "tinycnn", "--freeze-bn", "false", "--out", dir.File("run"));
            Assert.Equal(2, code);
            Assert.Contains("--freeze-bn needs --freeze", error);
            (code, _, error) = CliCapture.Run("train", "tinycnn", "--freeze-bn", "maybe", "--out", dir.File("run"));
            Assert.Equal(2, code);
            Assert.Contains("--freeze-bn 'maybe' is not one of true, false", error);
            Assert.Contains("--freeze-bn true|false", CliCapture.Run("train", "--help").output);
        }
    }
}
