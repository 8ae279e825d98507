using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDsl.Runtime.Data;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>DataCheck.Run</c> and <c>data check SOURCE</c>: every bad file named at once, with the message training raises.</summary>
    public class DataCheckTests
    {
        static (int Code, string Output, string Error) Cli(params string[] args) => CliCapture.Cli(args);

        /// <summary>train/ and test/ with cat (3 train, 1 test) and dog (2 train, 1 test) PNGs of 6x8.</summary>
        static void WriteCleanFolder(string root)
        {
            foreach (var (split, cls, count) in new[] { ("train", "cat", 3), ("train", "dog", 2), ("test", "cat", 1), ("test", "dog", 1) })
                for (int i = 0; i < count; i++)
                    DataTestFiles.WriteImage(Path.Combine(root, split, cls, $"img{i}.png"), 8, 6, seed: i);
        }

        static string Truncate(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            return path;
        }

        /// <summary>A PNG whose IHDR chunk's stored CRC no longer matches it.</summary>
        static string BreakCrc(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            bytes[8 + 8 + 13] ^= 0x5A;   // first byte of IHDR's CRC: signature, length+type, 13 data bytes
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>The bad files of the brief: a truncated PNG, a bad-CRC PNG, a GIF and an empty file, plus a hidden file left out.</summary>
        static string[] WriteBadFolder(string root)
        {
            WriteCleanFolder(root);
            string truncated = Truncate(Path.Combine(root, "train", "cat", "img1.png"));
            string crc = BreakCrc(Path.Combine(root, "train", "dog", "img0.png"));
            string gif = Path.Combine(root, "train", "dog", "anim.gif");
            File.WriteAllBytes(gif, new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' });
            string empty = Path.Combine(root, "test", "cat", "empty.png");
            File.WriteAllBytes(empty, Array.Empty<byte>());
            File.WriteAllBytes(Path.Combine(root, "train", "cat", "._img0.png"), new byte[] { 0, 5, 22, 7 });   // macOS's metadata, no image
            return new[] { truncated, crc, gif, empty }.OrderBy(p => p, StringComparer.Ordinal).ToArray();
        }

        [Fact]
        public void DataCheck_names_every_bad_file_of_a_folder_and_counts_the_rest()
        {
            using var dir = new TempFolder();
            string[] bad = WriteBadFolder(dir.Path);

            var report = DataCheck.Run(DataSource.ImageFolder(dir.Path), new DataCheckOptions(Workers: 3));
            Assert.Equal(bad, report.Problems.Select(p => p.Path).ToArray());
            Assert.All(report.Problems, p => Assert.StartsWith(p.Path + ": ", p.Message));
            Assert.Contains("empty file", report.Problems.Single(p => p.Path.EndsWith("empty.png", StringComparison.Ordinal)).Message);
            Assert.Contains("GIF image", report.Problems.Single(p => p.Path.EndsWith("anim.gif", StringComparison.Ordinal)).Message);
            Assert.Contains("CRC", report.Problems.Single(p => p.Path.EndsWith("img0.png", StringComparison.Ordinal)).Message);
            Assert.Equal(new[] { "cat", "dog" }, report.ClassNames);
            Assert.Equal((5, 3), (report.Train.Samples, report.Train.Readable));
            Assert.Equal(new[] { 2, 1 }, report.Train.PerClass);
            Assert.Equal((3, 2), (report.Test.Samples, report.Test.Readable));
            Assert.Equal(new[] { 1, 1 }, report.Test.PerClass);
            Assert.Equal(9, report.Files);   // 8 listed images and the GIF; the hidden file is no image
            Assert.Equal((4, false), (report.BadFiles, report.IsClean));

            var (code, output, error) = Cli("data", "check", "folder:" + dir.Path);
            Assert.Equal(1, code);
            foreach (var problem in report.Problems) Assert.Contains(problem.Message + "\n", output);
            Assert.DoesNotContain("._img0.png", output);
            Assert.Equal("4 of 9 files cannot be used; training would stop at the first", error.Trim());
        }

        [Fact]
        public void A_clean_folder_passes_with_its_per_class_counts()
        {
            using var dir = new TempFolder();
            WriteCleanFolder(dir.Path);
            var report = DataCheck.Run(DataSource.ImageFolder(dir.Path));
            Assert.True(report.IsClean);
            Assert.Equal(new[] { 3, 2 }, report.Train.PerClass);
            Assert.Equal(((6, 8), (6, 8), 1), (report.Train.MinSize!.Value, report.Train.MaxSize!.Value, report.Train.DistinctSizes));
            Assert.Equal(5, report.Train.Formats["PNG RGB"]);

            var (code, output, error) = Cli("data", "check", "folder:" + dir.Path);
            Assert.Equal((0, ""), (code, error));
            var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
            Assert.Contains(lines, l => l.StartsWith("cat", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "cat", "3", "1" }));
            Assert.Contains(lines, l => l.StartsWith("dog", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "dog", "2", "1" }));
            Assert.Contains("no problems", output);
        }

        /// <summary>The check's message for a file is the one training raises for it: through the loader, and at listing for a GIF.</summary>
        [Fact]
        public void Messages_equal_what_training_raises()
        {
            using var dir = new TempFolder();
            WriteCleanFolder(dir.Path);
            string truncated = Truncate(Path.Combine(dir.Path, "train", "dog", "img1.png"));
            string checkedMessage = DataCheck.Run(DataSource.ImageFolder(dir.Path)).Problems.Single().Message;
            var batches = DataSource.ImageFolder(dir.Path).OpenBatches(new TensorShape(3, 6, 8), batchSize: 8, seed: 0, prefetch: PrefetchOptions.Inline);
            var trained = Assert.ThrowsAny<Exception>(() =>
            {
                foreach (var (images, targets) in batches.Train.Epoch(1, TorchSharp.torch.CPU)) { images.Dispose(); targets.Dispose(); }
            });
            Assert.Equal(trained.Message, checkedMessage);
            Assert.StartsWith(truncated + ": ", checkedMessage);

            File.Delete(truncated);
            string gif = Path.Combine(dir.Path, "train", "cat", "x.gif");
            File.WriteAllBytes(gif, new byte[] { 1, 2, 3 });
            var listing = Assert.Throws<InvalidDataException>(() => DataSource.ImageFolder(dir.Path).OpenBatches(new TensorShape(3, 6, 8), 8, 0));
            Assert.Equal(new DataProblem(gif, listing.Message), DataCheck.Run(DataSource.ImageFolder(dir.Path)).Problems.Single());
        }

        [Fact]
        public void A_mask_folder_names_an_out_of_range_mask_and_a_JPEG_mask()
        {
            using var dir = new TempFolder();
            File.WriteAllLines(Path.Combine(dir.Path, "classes.txt"), new[] { "background", "thing", "other" });
            foreach (string name in new[] { "a", "b", "c", "d", "e" })
                DataTestFiles.WriteImage(Path.Combine(dir.Path, "images", name + ".png"), 6, 4, seed: name[0]);
            DataTestFiles.WriteMask(Path.Combine(dir.Path, "masks", "a.png"), 6, 4, classes: 3);
            DataTestFiles.WriteMask(Path.Combine(dir.Path, "masks", "d.png"), 6, 4, classes: 3);
            var voidMask = Enumerable.Repeat((byte)255, 24).ToArray();
            voidMask[0] = 1;
            DataTestFiles.WritePng(Path.Combine(dir.Path, "masks", "e.png"), voidMask, 6, 4, 1);
            string outOfRange = Path.Combine(dir.Path, "masks", "b.png");
            DataTestFiles.WriteMask(outOfRange, 6, 4, classes: 8);   // values 0..7, past classes.txt's 3
            string jpeg = Path.Combine(dir.Path, "masks", "c.jpg");
            DataTestFiles.WriteJpeg(jpeg, new byte[24], 6, 4, 1);

            var report = DataCheck.Run(DataSource.MaskFolder(dir.Path));
            Assert.Equal(new[] { outOfRange, jpeg }, report.Problems.Select(p => p.Path).ToArray());
            Assert.Contains("outside 0..2", report.Problems[0].Message);
            Assert.Contains("a JPEG mask", report.Problems[1].Message);
            Assert.True(report.HasMasks);
            Assert.Equal(3, report.Train.Readable + report.Test.Readable);
            long voidPixels = report.Train.VoidPixels + report.Test.VoidPixels;
            Assert.Equal(23, voidPixels);
            Assert.Equal(3 * 24, report.Train.TotalMaskPixels + report.Test.TotalMaskPixels);
            Assert.Equal(10, report.Files);

            var (code, output, _) = Cli("data", "check", "maskfolder:" + dir.Path);
            Assert.Equal(1, code);
            Assert.Contains(report.Problems[1].Message + "\n", output);
            Assert.Contains("void (255)", output);
        }

        /// <summary>A mask of another size than its image and an image without a mask are named, the first as the loader names it.</summary>
        [Fact]
        public void A_mask_folder_names_a_wrong_sized_mask_and_a_missing_one()
        {
            using var dir = new TempFolder();
            foreach (string split in new[] { "train", "test" })
            {
                DataTestFiles.WriteImage(Path.Combine(dir.Path, split, "images", "a.png"), 6, 4, seed: 1);
                DataTestFiles.WriteMask(Path.Combine(dir.Path, split, "masks", "a.png"), 6, 4, classes: 2);
            }
            string wrong = Path.Combine(dir.Path, "test", "masks", "b.png");
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "test", "images", "b.png"), 6, 4, seed: 2);
            DataTestFiles.WriteMask(wrong, 5, 4, classes: 2);
            var report = DataCheck.Run(DataSource.MaskFolder(dir.Path));
            var batches = DataSource.MaskFolder(dir.Path).OpenBatches(new TensorShape(3, 4, 6), batchSize: 4, seed: 0, prefetch: PrefetchOptions.Inline);
            var trained = Assert.ThrowsAny<Exception>(() =>
            {
                foreach (var (images, targets) in batches.Test.Epoch(1, TorchSharp.torch.CPU)) { images.Dispose(); targets.Dispose(); }
            });
            Assert.Equal(new DataProblem(wrong, trained.Message), report.Problems.Single());

            string lonely = Path.Combine(dir.Path, "train", "images", "c.png");
            DataTestFiles.WriteImage(lonely, 6, 4, seed: 3);
            var missing = DataCheck.Run(DataSource.MaskFolder(dir.Path)).Problems;
            Assert.Equal(new[] { wrong, lonely }.OrderBy(p => p, StringComparer.Ordinal), missing.Select(p => p.Path));
            Assert.Contains("no mask for this image", missing.Single(p => p.Path == lonely).Message);
        }

        [Fact]
        public void A_truncated_CIFAR_batch_is_named_and_the_others_counted()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteCifar(Path.Combine(dir.Path, "data_batch_1.bin"), (0, 1), (1, 2), (1, 3));
            string cut = Path.Combine(dir.Path, "data_batch_2.bin");
            DataTestFiles.WriteCifar(cut, (2, 4));
            using (var file = File.OpenWrite(cut)) file.SetLength(Cifar10Dataset.RecordSize - 100);
            DataTestFiles.WriteCifar(Path.Combine(dir.Path, "test_batch.bin"), (9, 5));

            var report = DataCheck.Run(DataSource.Cifar10(dir.Path));
            var problem = Assert.Single(report.Problems);
            Assert.Equal(cut, problem.Path);
            Assert.Contains("truncated or corrupt", problem.Message);
            Assert.Equal(new[] { 1, 2, 0, 0, 0, 0, 0, 0, 0, 0 }, report.Train.PerClass);
            Assert.Equal(1, report.Test.PerClass[9]);
            Assert.Equal(3, report.Files);
            var (code, _, error) = Cli("data", "check", "cifar10:" + dir.Path);
            Assert.Equal((1, "1 of 3 files cannot be used; training would stop at the first"), (code, error.Trim()));
        }

        [Fact]
        public void Json_holds_counts_classes_sizes_and_problems()
        {
            using var dir = new TempFolder();
            string[] bad = WriteBadFolder(dir.Path);
            var (code, output, _) = Cli("data", "check", "folder:" + dir.Path, "--json", "--max-problems", "2");
            Assert.Equal(1, code);
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            Assert.Equal("folder:" + dir.Path, root.GetProperty("source").GetString());
            Assert.Equal(new[] { "cat", "dog" }, root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()).ToArray());
            Assert.Equal((9, 4, 4), (root.GetProperty("files").GetInt32(), root.GetProperty("badFiles").GetInt32(), root.GetProperty("problemCount").GetInt32()));
            var train = root.GetProperty("splits").GetProperty("train");
            Assert.Equal((5, 3), (train.GetProperty("samples").GetInt32(), train.GetProperty("readable").GetInt32()));
            Assert.Equal(2, train.GetProperty("perClass").GetProperty("cat").GetInt32());
            Assert.Equal(new[] { 6, 8 }, train.GetProperty("sizes").GetProperty("max").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            Assert.Equal(3, train.GetProperty("formats").GetProperty("PNG RGB").GetInt32());
            var problems = root.GetProperty("problems").EnumerateArray().ToArray();
            Assert.Equal(bad.Take(2).ToArray(), problems.Select(p => p.GetProperty("path").GetString()).ToArray());
            Assert.StartsWith(bad[0] + ": ", problems[0].GetProperty("message").GetString());
        }

        [Fact]
        public void Max_problems_shortens_the_list_not_the_count()
        {
            using var dir = new TempFolder();
            string[] bad = WriteBadFolder(dir.Path);
            var (code, output, error) = Cli("data", "check", "folder:" + dir.Path, "--max-problems", "1");
            Assert.Equal(1, code);
            Assert.Contains(bad[0] + ": ", output);
            Assert.DoesNotContain(bad[1] + ": ", output);
            Assert.Contains("… and 3 more (--max-problems 1)", output);
            Assert.StartsWith("4 of 9 files", error);
        }

        /// <summary>MNIST: a labels file cut short and a missing test images file, both named; the readable train images counted per digit.</summary>
        [Fact]
        public void MNIST_files_are_named_each()
        {
            using var dir = new TempFolder();
            static byte[] Be(params int[] values) => values.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v }).ToArray();
            File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), Be(IdxReader.ImagesMagic, 3, 2, 2).Concat(new byte[12]).ToArray());
            File.WriteAllBytes(dir.File("train-labels-idx1-ubyte"), Be(IdxReader.LabelsMagic, 3).Concat(new byte[] { 7, 7, 1 }).ToArray());
            string cut = dir.File("t10k-labels-idx1-ubyte");
            File.WriteAllBytes(cut, Be(IdxReader.LabelsMagic, 4).Concat(new byte[] { 1 }).ToArray());

            var report = DataCheck.Run(DataSource.Mnist(dir.Path));
            Assert.Equal(new[] { dir.File("t10k-images-idx3-ubyte"), cut }, report.Problems.Select(p => p.Path).ToArray());
            Assert.Contains("file not found", report.Problems[0].Message);
            Assert.Contains("truncated", report.Problems[1].Message);
            Assert.Equal(2, report.Train.PerClass[7]);
            Assert.Equal(((2, 2), 4, 2), (report.Train.MaxSize!.Value, report.Files, report.BadFiles));
        }

        [Theory]
        [InlineData("data", "check")]
        [InlineData("data", "check", "folder:/x", "--out", "/tmp/y")]
        [InlineData("data", "check", "nowhere:/x")]
        [InlineData("data", "check", "folder:/x", "folder:/y")]
        [InlineData("data", "shapes", "--out", "/tmp/never", "--json")]
        [InlineData("data", "check", "folder:/x", "--max-problems", "-1")]
        public void Usage_mistakes_exit_2(params string[] args) => Assert.Equal(2, Cli(args).Code);

        [Fact]
        public void The_shapes_set_is_counted()
        {
            var (code, output, _) = Cli("data", "check", "shapes");
            Assert.Equal(0, code);
            Assert.Contains("in memory", output);
            var report = DataCheck.Run(DataSource.Shapes);
            Assert.Equal((ShapesDataset.DefaultTrainCount, ShapesDataset.DefaultTestCount, 0), (report.Train.Samples, report.Test.Samples, report.Files));
        }

        /// <summary>
        /// Images of 6x8 and 4x12 (HxW): the sizes column gives the range of heights and of widths, not "4x8 .. 6x12", a size
        /// no image has (the smallest height and the smallest width belong to different images).
        /// </summary>
        [Fact]
        public void Sizes_give_the_ranges_of_heights_and_widths_not_a_size_no_image_has()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), new[] { "a", "b" }, perClass: 2, width: 8, height: 6);
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "train", "a", "wide.png"), 12, 4, seed: 9);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "a", "b" }, perClass: 1, width: 8, height: 6);
            var (code, output, _) = Cli("data", "check", "folder:" + dir.Path);
            Assert.Equal(0, code);
            Assert.Contains("heights 4..6, widths 8..12 (2 sizes)", output);
            Assert.DoesNotContain("4x8", output);
            Assert.Contains("  6x8  ", output);
        }
    }
}
