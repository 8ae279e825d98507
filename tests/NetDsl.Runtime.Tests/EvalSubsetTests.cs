using System.IO;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>eval --test-images N</c>: a seeded subset of file data's test split, drawn as <c>train --test-images N</c> draws it (before:
    /// an unknown option, the whole split scored); mnist is refused with train's message.
    /// </summary>
    public sealed class EvalSubsetTests
    {
        [Fact]
        public void Eval_ScoresTheSeededSubset_TrainDraws()
        {
            using var dir = new TempFolder();
            string data = "folder:" + DataSubsetTests.WriteFolder(dir);
            var (code, output, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "1", "--batch", "5",
                "--test-images", "3", "--seed", "4", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            Assert.Contains("subset: train all 24, test 3 of 8 images (seed 4)", output);
            string checkpoint = dir.File("run/checkpoint.bin");

            // The checkpoint's seed unless --seed says otherwise: the images the run was scored on.
            (code, output, error) = CliCapture.Run("eval", "tinycnn", "--checkpoint", checkpoint, "--test-images", "3");
            Assert.True(code == 0, output + error);
            Assert.Contains("subset: train all 24, test 3 of 8 images (seed 4)", output);
            Assert.Contains($"data: {data} (recorded in the checkpoint) (3 test samples)", output);
            var again = CliCapture.Run("eval", "tinycnn", "--checkpoint", checkpoint, "--test-images", "3", "--seed", "4");
            Assert.Equal(output, again.output);
            Assert.Contains("(seed 9)", CliCapture.Run("eval", "tinycnn", "--checkpoint", checkpoint, "--test-images", "3", "--seed", "9").output);
            Assert.Contains("(8 test samples)", CliCapture.Run("eval", "tinycnn", "--checkpoint", checkpoint).output);

            (code, _, error) = CliCapture.Run("eval", "tinycnn", "--checkpoint", checkpoint, "--test-images", "9");
            Assert.Equal(2, code);
            Assert.Contains($"--test-images 9: {data} has 8 test images; give at most 8", error);
            Directory.CreateDirectory(dir.File("mnist"));
            (code, _, error) = CliCapture.Run("eval", "tinycnn", "--checkpoint", checkpoint, "--data", "mnist:" + dir.File("mnist"), "--test-images", "3");
            Assert.Equal(2, code);
            Assert.Contains("--test-images: mnist:", error);
            Assert.Contains("--test-images N", CliCapture.Run("eval", "--help").output);
        }
    }
}
