using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>train --train-images N</c> / <c>--test-images N</c> on file data: a seeded subset (before: silently ignored, the whole
    /// folder read), the same for the same seed and on <c>--resume</c>; more than the split holds is a usage error.
    /// </summary>
    public sealed class DataSubsetTests
    {
        /// <summary>Two classes of 12 images in train/ and 4 in test/, 8x8.</summary>
        internal static string WriteFolder(TempFolder dir)
        {
            foreach (var (split, count) in new[] { ("train", 12), ("test", 4) })
                foreach (string name in new[] { "a", "b" })
                    for (int i = 0; i < count; i++)
                        DataTestFiles.WriteImage(dir.File($"data/{split}/{name}/{i}.png"), 8, 8, seed: i + (name == "b" ? 100 : 0));
            return dir.File("data");
        }

        [Fact]
        public void ADraw_IsTheSameForTheSameSeed_DistinctAndInOrder()
        {
            var first = SampleSubset.Draw(100, 10, seed: 7, stream: 0);
            Assert.Equal(first, SampleSubset.Draw(100, 10, seed: 7, stream: 0));
            Assert.Equal(10, first.Distinct().Count());
            Assert.Equal(first.OrderBy(i => i), first);
            Assert.All(first, i => Assert.InRange(i, 0, 99));
            Assert.NotEqual(first, SampleSubset.Draw(100, 10, seed: 8, stream: 0));
            Assert.NotEqual(first, SampleSubset.Draw(100, 10, seed: 7, stream: 1));
            Assert.Equal(Enumerable.Range(0, 5), SampleSubset.Draw(5, 5, seed: 3, stream: 0));
        }

        [Fact]
        public void OpenBatches_DrawsTheSubset_AndCountsItsClasses()
        {
            using var dir = new TempFolder();
            var source = DataSource.ImageFolder(WriteFolder(dir));
            var files = source.OpenBatches(new TensorShape(3, 8, 8), batchSize: 4, seed: 5, trainImages: 10, testImages: 3);
            Assert.Equal((10, 3), (files.TrainCount, files.TestCount));
            Assert.Equal(new DataSubset(10, 24, 3, 8, 5), files.Subset);
            Assert.Equal(10, files.TrainClassCounts!.Sum());
            Assert.Equal(files.TrainClassCounts, source.OpenBatches(new TensorShape(3, 8, 8), batchSize: 4, seed: 5, trainImages: 10).TrainClassCounts);
            Assert.Null(source.OpenBatches(new TensorShape(3, 8, 8), batchSize: 4, seed: 5).Subset);
            var refused = Assert.Throws<DataSubsetException>(() => source.OpenBatches(new TensorShape(3, 8, 8), 4, 5, testImages: 9));
            Assert.Equal(("test", 9, 8), (refused.Split, refused.Requested, refused.Available));
        }

        [Fact]
        public void TheCli_TrainsOnTheSubset_StatesIt_AndAResumeReReadsIt()
        {
            using var dir = new TempFolder();
            string data = "folder:" + WriteFolder(dir);
            var (code, output, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "1", "--batch", "5",
                "--train-images", "10", "--test-images", "3", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            Assert.Contains("(10 train / 3 test, 2 classes)", output);
            Assert.Contains("subset: train 10 of 24, test 3 of 8 images (seed ", output);
            var settings = Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Settings!;
            Assert.Equal((10, 3), (settings.TrainImages, settings.TestImages));

            // Resumed without the options: the recorded subset again (the same seed draws the same images).
            (code, output, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "2", "--batch", "5",
                "--resume", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            Assert.Contains("(10 train / 3 test, 2 classes)", output);
            Assert.Contains("subset: train 10 of 24, test 3 of 8 images", output);
            var resumed = Checkpoint.ReadInfo(dir.File("run/checkpoint.bin"));
            Assert.Equal((2, 10, 3), (resumed.Epoch, resumed.Settings!.TrainImages, resumed.Settings.TestImages));

            // Another subset would mix two data sets in one run's history.
            (code, output, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "3", "--batch", "5",
                "--resume", "--train-images", "12", "--out", dir.File("run"));
            Assert.Equal(1, code);
            Assert.Contains("resume with --train-images 10 and --test-images 3", error);
        }

        [Fact]
        public void TheCli_RefusesMoreImagesThanTheFolderHolds_AndMnistAsAUsageError()
        {
            using var dir = new TempFolder();
            string data = "folder:" + WriteFolder(dir);
            var (code, _, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "1", "--train-images", "25", "--out", dir.File("run"));
            Assert.Equal(2, code);
            Assert.Contains($"--train-images 25: {data} has 24 training images; give at most 24", error);
            (code, _, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "1", "--test-images", "9", "--out", dir.File("run2"));
            Assert.Equal(2, code);
            Assert.Contains("--test-images 9:", error);
            Assert.Contains("has 8 test images", error);
            Directory.CreateDirectory(dir.File("mnist"));
            (code, _, error) = CliCapture.Run("train", "tinycnn", "--data", "mnist:" + dir.File("mnist"), "--train-images", "10", "--out", dir.File("run3"));
            Assert.Equal(2, code);
            Assert.Contains("--train-images: mnist:", error);
        }
    }
}
