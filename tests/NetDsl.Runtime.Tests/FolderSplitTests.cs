using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Data;
using Xunit;
using Xunit.Abstractions;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// A folder without train/ and test/ is split file by file by a hash of each file's path relative to the data folder:
    /// adding or removing files never moves another (before, each class was shuffled by its count, so ten new circles moved
    /// 8 of circle's 14 test images into train and eval --checkpoint scored images the run had trained on).
    /// </summary>
    public class FolderSplitTests
    {
        readonly ITestOutputHelper log;
        public FolderSplitTests(ITestOutputHelper log) => this.log = log;

        static readonly string[] Classes = { "circle", "square", "triangle" };

        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Cli(args);

        [Fact]
        public void AddingImagesToAClassMovesNoEarlierFile()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(dir.Path, Classes, perClass: 40);
            var (train, test) = ImageFolderDataset.Open(dir.Path);
            for (int i = 40; i < 50; i++) DataTestFiles.WriteImage(Path.Combine(dir.Path, "circle", $"img{i:D3}.png"), 8, 6, seed: i);
            File.Delete(Path.Combine(dir.Path, "square", "img007.png"));
            var (train2, test2) = ImageFolderDataset.Open(dir.Path);

            var before = train.Files.Select(f => f.Path).ToHashSet();
            var after = train2.Files.Select(f => f.Path).ToHashSet();
            Assert.DoesNotContain(test.Files, f => after.Contains(f.Path));
            Assert.DoesNotContain(test2.Files, f => before.Contains(f.Path));
            Assert.Equal(119 + 10, train2.Count + test2.Count);
            Assert.NotEqual(train.Split, train2.Split);
            Assert.Equal(train.Split, test.Split);
        }

        /// <summary>
        /// About a fifth of each class is held out (the hash spreads sequential names evenly), a file's side follows from its
        /// path alone, and every class of two or more files keeps a test and a train file (small classes).
        /// </summary>
        [Fact]
        public void EachClassHoldsOutAboutAFifth_AndSmallClassesKeepBothSides()
        {
            var keys = Enumerable.Range(0, 8).SelectMany(c => Enumerable.Range(0, 500).Select(i => (Class: c, Key: $"class{c}/{i:D5}.png"))).ToList();
            var (train, test, held) = FolderSplit.Split(keys.GroupBy(k => k.Class, k => k), k => k.Key);
            Assert.Empty(held);
            for (int c = 0; c < 8; c++)
            {
                double fraction = (double)test.Count(k => k.Class == c) / 500;
                log.WriteLine($"class {c}: test fraction {fraction:F3}");
                Assert.InRange(fraction, 0.14, 0.26);   // binomial: 0.2 ± 0.018 (one standard deviation) at 500 files
            }
            Assert.InRange((double)test.Count / keys.Count, 0.18, 0.22);
            Assert.All(test, k => Assert.True(FolderSplit.Position(k.Key) < 0.2));
            Assert.All(train, k => Assert.True(FolderSplit.Position(k.Key) >= 0.2));

            // Classes of 1..6 files, many of them: each with two or more keeps at least one test and one train file.
            var small = Enumerable.Range(0, 600).SelectMany(c => Enumerable.Range(0, 1 + c % 6).Select(i => (Class: c, Key: $"c{c}/{i}.jpg"))).ToList();
            var (smallTrain, smallTest, smallHeld) = FolderSplit.Split(small.GroupBy(k => k.Class, k => k), k => k.Key);
            for (int c = 0; c < 600; c++)
            {
                Assert.Contains(smallTrain, k => k.Class == c);
                if (1 + c % 6 >= 2) Assert.Contains(smallTest, k => k.Class == c);
            }
            Assert.NotEmpty(smallHeld);
            Assert.All(smallHeld, h => Assert.Matches("^(test|train):c[0-9]+/[0-9]\\.jpg$", h));
            log.WriteLine($"small classes: {smallHeld.Count} files held against their hash");
        }

        /// <summary>The hash is pinned: the exported train.py computes the same positions (see the conformance tests).</summary>
        [Fact]
        public void PositionsArePinned()
        {
            Assert.Equal(0xAF63DC4C8601EC8CUL, FolderSplit.Fnv1a("a"u8));
            double position = FolderSplit.Position("circle/img000.png");
            log.WriteLine($"circle/img000.png: {position:R}");
            Assert.Equal(0.40748993159781766, position);   // train.py's split_position("circle/img000.png")
            Assert.Equal(position, FolderSplit.Position("circle/img000.png"));
            Assert.NotEqual(position, FolderSplit.Position("circle/img001.png"));
        }

        /// <summary>
        /// train records the split's fingerprint; after files are added eval --checkpoint and --resume say so on stderr, and
        /// that no earlier file changed sides; a class without test images is warned about.
        /// </summary>
        [Fact]
        public void A_changed_listing_is_reported_by_eval_and_resume()
        {
            using var dir = new TempFolder();
            string data = Path.Combine(dir.Path, "data"), run = Path.Combine(dir.Path, "run");
            DataTestFiles.WriteClassFolders(data, new[] { "cat", "dog" }, perClass: 10);
            var (code, output, error) = Run("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "1", "--batch", "8", "--out", run);
            Assert.True(code == 0, output + error);
            Assert.DoesNotContain("changed since the run", error);
            var settings = NetDsl.Runtime.Training.Checkpoint.ReadInfo(Path.Combine(run, "checkpoint.bin")).Settings!;
            Assert.Equal(20, settings.Split!.Train + settings.Split.Test);

            for (int i = 10; i < 16; i++) DataTestFiles.WriteImage(Path.Combine(data, "cat", $"img{i:D3}.png"), 8, 6, seed: i);
            (code, output, error) = Run("eval", "tinycnn", "--checkpoint", Path.Combine(run, "checkpoint.bin"));
            Assert.True(code == 0, output + error);
            Assert.Contains("the folder's files changed since the run (train ", error);
            Assert.Contains("every file the run saw keeps its side", error);

            (code, output, error) = Run("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "2", "--batch", "8", "--out", run, "--resume");
            Assert.True(code == 0, output + error);
            Assert.Contains("every file the run saw keeps its side", error);
        }

        /// <summary>
        /// A class of two files that both hash to train has one held in test; a third file hashing to test frees it back to
        /// train, so that file changed sides: --resume is refused naming the folder and the file, eval warns.
        /// </summary>
        [Fact]
        public void A_file_that_changed_sides_refuses_the_resume()
        {
            using var dir = new TempFolder();
            string data = Path.Combine(dir.Path, "data"), run = Path.Combine(dir.Path, "run");
            DataTestFiles.WriteClassFolders(data, new[] { "dog" }, perClass: 10);
            var names = Enumerable.Range(0, 100).Select(i => $"c{i:D3}.png").ToList();
            var trainNames = names.Where(n => FolderSplit.Position("cat/" + n) >= 0.2).Take(2).ToList();
            string testName = names.First(n => FolderSplit.Position("cat/" + n) < 0.2);
            foreach (string name in trainNames) DataTestFiles.WriteImage(Path.Combine(data, "cat", name), 8, 6, seed: 3);
            var (code, output, error) = Run("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "1", "--batch", "8", "--out", run);
            Assert.True(code == 0, output + error);
            string heldName = trainNames.OrderBy(n => FolderSplit.Position("cat/" + n)).First();
            Assert.Contains("test:cat/" + heldName, NetDsl.Runtime.Training.Checkpoint.ReadInfo(Path.Combine(run, "checkpoint.bin")).Settings!.Split!.Held!);

            DataTestFiles.WriteImage(Path.Combine(data, "cat", testName), 8, 6, seed: 4);
            (code, output, error) = Run("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "2", "--batch", "8", "--out", run, "--resume");
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"the train/test split of {data} changed since the run: cat/{heldName} is now on the other side", error);

            (code, output, error) = Run("eval", "tinycnn", "--checkpoint", Path.Combine(run, "checkpoint.bin"));
            Assert.True(code == 0, output + error);
            Assert.Contains($"and 1 of them changed sides (cat/{heldName})", error);
        }

        [Fact]
        public void A_class_without_test_images_is_warned_about()
        {
            using var dir = new TempFolder();
            string data = Path.Combine(dir.Path, "data");
            DataTestFiles.WriteClassFolders(Path.Combine(data, "train"), new[] { "cat", "dog", "owl" }, perClass: 4);
            DataTestFiles.WriteClassFolders(Path.Combine(data, "test"), new[] { "cat", "dog" }, perClass: 2);
            var (code, output, error) = Run("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "1", "--batch", "4",
                "--out", Path.Combine(dir.Path, "run"));
            Assert.True(code == 0, output + error);
            Assert.Contains($"warning: folder:{data}: class 'owl' has no test images, so the test accuracy does not measure them", error);

            (code, output, error) = Run("data", "check", "folder:" + data);
            Assert.Contains("warning: class 'owl' has no test images", output);
        }
    }
}
