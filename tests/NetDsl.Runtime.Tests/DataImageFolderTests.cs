using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    public class DataImageFolderTests
    {
        static readonly string[] Classes = { "cat", "dog", "eel" };

        [Fact]
        public void TrainAndTestFoldersGiveLabelsByClassFolder()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), Classes, perClass: 2);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "dog" }, perClass: 1);
            File.WriteAllText(Path.Combine(dir.Path, "train", "cat", "notes.txt"), "not an image");

            var (train, test) = ImageFolderDataset.Open(dir.Path);
            Assert.Equal(Classes, train.ClassNames);
            Assert.Equal(6, train.Count);
            Assert.Equal(new[] { 0, 0, 1, 1, 2, 2 }, train.Files.Select(f => f.Label));
            Assert.Equal(1, Assert.Single(test.Files).Label);
        }

        /// <summary>
        /// A class folder's sub-folders are walked, as torchvision's ImageFolder walks them (hidden ones and dot files such as
        /// macOS's "._a.png" left out); before, their images were silently left out of the set.
        /// </summary>
        [Fact]
        public void ImagesInSubFoldersOfAClassFolderBelongToThatClass()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), new[] { "cat" }, perClass: 1);
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "train", "cat", "2024", "summer", "b.png"), 8, 6, seed: 1);
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "train", "dog", "only", "d.png"), 8, 6, seed: 2);
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "train", "dog", ".thumbnails", "t.png"), 8, 6, seed: 2);
            File.WriteAllText(Path.Combine(dir.Path, "train", "dog", "._d.png"), "AppleDouble");
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "cat" }, perClass: 1);

            var (train, _) = ImageFolderDataset.Open(dir.Path);
            Assert.Equal(new[] { "cat", "dog" }, train.ClassNames);
            Assert.Equal(new[] { ("2024/summer/b.png", 0), ("img000.png", 0), ("only/d.png", 1) },
                train.Files.Select(f => (Path.GetRelativePath(Path.Combine(dir.Path, "train", train.ClassNames[f.Label]), f.Path), f.Label)));
        }

        /// <summary>
        /// An image format torchvision reads and NetDsl does not (GIF, TIFF, WebP, PPM) is an error naming the file, not a
        /// file left out unseen; an empty file is named as empty.
        /// </summary>
        [Fact]
        public void AnImageFormatNetDslDoesNotReadIsNamedNotSkipped()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), new[] { "cat" }, perClass: 2);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "cat" }, perClass: 1);
            string bmp = Path.Combine(dir.Path, "train", "cat", "scan.TIF");
            File.WriteAllBytes(bmp, new byte[] { (byte)'I', (byte)'I' });
            File.WriteAllBytes(Path.Combine(dir.Path, "train", "cat", "zz.webp"), new byte[4]);
            var e = Assert.Throws<InvalidDataException>(() => ImageFolderDataset.Open(dir.Path));
            Assert.Equal($"{bmp}: a TIF image; NetDsl reads PNG, JPEG and BMP only, so convert it to PNG or move it out of the data folder (1 more such file under {Path.Combine(dir.Path, "train", "cat")})", e.Message);

            File.Delete(bmp);
            File.Delete(Path.Combine(dir.Path, "train", "cat", "zz.webp"));
            string empty = Path.Combine(dir.Path, "train", "cat", "img000.png");
            File.WriteAllBytes(empty, System.Array.Empty<byte>());
            var (train, _) = ImageFolderDataset.Open(dir.Path);
            Assert.Equal(empty + ": an empty file (0 bytes), not a PNG, JPEG or BMP image", Assert.Throws<InvalidDataException>(() => train.Read(0, 3)).Message);
        }

        /// <summary>
        /// BMP files (torchvision's ImageFolder reads them) are images of their class, decoded to the pixels written (a width of
        /// 5 pads each 15-byte row to 16); a BMP cut short, or one in RLE (which the decoder does not read), is named; before, a
        /// BMP was refused as a format NetDsl does not read.
        /// </summary>
        [Fact]
        public void BmpImagesAreReadAndADamagedOrCompressedOneIsNamed()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), new[] { "cat" }, perClass: 1);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "cat" }, perClass: 1);
            byte[] pixels = DataTestFiles.Pattern(5, 3, 3, 7);
            string bmp = Path.Combine(dir.Path, "train", "dog", "scan.BMP");
            DataTestFiles.WriteBmp(bmp, pixels, 5, 3, 3);

            var (train, _) = ImageFolderDataset.Open(dir.Path);
            Assert.Equal(new[] { "cat", "dog" }, train.ClassNames);
            int at = train.Files.Select(f => f.Path).ToList().IndexOf(bmp);
            Sample read = train.Read(at, 3);
            Assert.Equal((3, 5, 1), (read.Height, read.Width, read.Label));
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 5; x++)
                    for (int c = 0; c < 3; c++)
                        Assert.Equal(pixels[(y * 5 + x) * 3 + c] / 255f, read.Pixels[c * 15 + y * 5 + x]);

            byte[] whole = File.ReadAllBytes(bmp);
            File.WriteAllBytes(bmp, whole[..^4]);
            var cut = Assert.Throws<InvalidDataException>(() => train.Read(at, 3));
            Assert.Equal($"{bmp}: truncated: its 5x3 pixels need {whole.Length} bytes but the file holds {whole.Length - 4}", cut.Message);

            byte[] rle = (byte[])whole.Clone();
            rle[30] = 1;   // the info header's compression field: RLE8
            File.WriteAllBytes(bmp, rle);
            var compressed = Assert.Throws<InvalidDataException>(() => train.Read(at, 3));
            Assert.Equal($"{bmp}: a BMP with compression 1 (RLE8); NetDsl reads uncompressed BMPs, so save it as PNG", compressed.Message);
        }

        /// <summary>A dangling symbolic link in a class folder is named as one, with its target (before: "file not found").</summary>
        [Fact]
        public void ADanglingSymbolicLinkIsNamedWithItsTarget()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), new[] { "cat" }, perClass: 1);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "cat" }, perClass: 1);
            string link = Path.Combine(dir.Path, "train", "cat", "moved.png"), target = Path.Combine(dir.Path, "elsewhere", "moved.png");
            File.CreateSymbolicLink(link, target);
            var (train, _) = ImageFolderDataset.Open(dir.Path);
            int index = train.Files.Select(f => f.Path).ToList().IndexOf(link);
            var e = Assert.Throws<FileNotFoundException>(() => train.Read(index, 3));
            Assert.Equal($"{link}: a symbolic link to {target}, which does not exist", e.Message);
        }

        /// <summary>
        /// Links between folders: one back up the tree ("loop -> ..") is not walked (before: 40 levels deep, the other classes'
        /// images labelled cat); one to a folder outside is walked once, however many links reach it.
        /// </summary>
        [Fact]
        public void SymbolicLinksToFoldersAreWalkedOnce_AndNeverBackUpTheTree()
        {
            using var dir = new TempFolder();
            string train = Path.Combine(dir.Path, "train");
            DataTestFiles.WriteClassFolders(train, new[] { "cat", "zebra" }, perClass: 2);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "cat", "zebra" }, perClass: 1);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "extra"), new[] { "more" }, perClass: 3);
            Directory.CreateSymbolicLink(Path.Combine(train, "cat", "loop"), "..");
            Directory.CreateSymbolicLink(Path.Combine(train, "cat", "self"), ".");
            Directory.CreateSymbolicLink(Path.Combine(train, "cat", "more"), Path.Combine(dir.Path, "extra", "more"));
            Directory.CreateSymbolicLink(Path.Combine(train, "cat", "more-again"), Path.Combine(dir.Path, "extra", "more"));

            var (set, _) = ImageFolderDataset.Open(dir.Path);
            var cats = set.Files.Where(f => f.Label == 0).Select(f => f.Path).ToList();
            Assert.Equal(2 + 3, cats.Count);
            Assert.DoesNotContain(cats, p => p.Contains("zebra", StringComparison.Ordinal));
            Assert.Equal(2, set.Files.Count(f => f.Label == 1));
        }

        [Fact]
        public void PngPixelsArriveExactlyAsPlanarFloats()
        {
            using var dir = new TempFolder();
            string path = Path.Combine(dir.Path, "train", "cat", "a.png");
            DataTestFiles.WriteImage(path, 8, 6, seed: 3);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "cat" }, 1);

            var (train, _) = ImageFolderDataset.Open(dir.Path);
            Sample s = train.Read(0, 3);
            Assert.Equal((3, 6, 8), (s.Channels, s.Height, s.Width));
            byte[] expected = DataTestFiles.Pattern(8, 6, 3, seed: 3);
            int x = 5, y = 4, c = 2;
            Assert.Equal(expected[(y * 8 + x) * 3 + c] / 255f, s.Pixels[c * 48 + y * 8 + x]);
            Assert.Equal(path, s.Source);
        }

        [Fact]
        public void GrayImagesAreReplicatedAndColourOnesTurnGray()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "train", "a", "gray.png"), 4, 4, seed: 1, channels: 1);
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "test", "a", "rgb.png"), 4, 4, seed: 1);
            var (train, test) = ImageFolderDataset.Open(dir.Path);

            Sample replicated = train.Read(0, 3);
            Assert.Equal(replicated.Pixels[..16], replicated.Pixels[32..]);
            Assert.Equal(1, test.Read(0, 1).Channels);
        }

        [Fact]
        public void JpegFilesDecode()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteJpeg(Path.Combine(dir.Path, "train", "a", "x.jpg"), DataTestFiles.Pattern(16, 8, 3, 0), 16, 8, 3);
            DataTestFiles.WriteJpeg(Path.Combine(dir.Path, "test", "a", "y.JPEG"), DataTestFiles.Pattern(16, 8, 3, 0), 16, 8, 3);
            var (train, test) = ImageFolderDataset.Open(dir.Path);
            Assert.Equal((8, 16), (train.Read(0, 3).Height, train.Read(0, 3).Width));
            Assert.Equal(1, test.Count);
        }

        [Fact]
        public void WithoutTrainAndTestAFixedPartOfEachClassIsHeldOut()
        {
            using var dir = new TempFolder();
            var written = DataTestFiles.WriteClassFolders(dir.Path, Classes, perClass: 10);
            Directory.CreateDirectory(Path.Combine(dir.Path, ".ipynb_checkpoints"));   // hidden: no class
            var (train, test) = ImageFolderDataset.Open(dir.Path);
            var (train2, test2) = ImageFolderDataset.Open(Path.GetRelativePath(Directory.GetCurrentDirectory(), dir.Path));

            // The same files every time, however the folder is named.
            Assert.Equal(test.Files, test2.Files.Select(f => (Path.GetFullPath(f.Path), f.Label)));
            Assert.Equal(train.Files, train2.Files.Select(f => (Path.GetFullPath(f.Path), f.Label)));
            Assert.Equal(Classes, train.ClassNames);
            // Each file by the hash of its path relative to the folder (class folder included), at least one per class.
            Assert.All(test.Files, f => Assert.True(FolderSplit.Position(FolderSplit.Relative(dir.Path, f.Path)) < 0.2 || test.Files.Count(g => g.Label == f.Label) == 1));
            Assert.All(train.Files, f => Assert.True(FolderSplit.Position(FolderSplit.Relative(dir.Path, f.Path)) >= 0.2));
            Assert.Equal(new[] { 0, 1, 2 }, test.Files.Select(f => f.Label).Distinct().OrderBy(l => l));
            var all = written.Values.SelectMany(f => f).OrderBy(p => p);
            Assert.Equal(all, train.Files.Concat(test.Files).Select(f => f.Path).OrderBy(p => p));
        }

        [Fact]
        public void ACorruptImageIsNamedWhenRead()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), Classes, perClass: 1);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), Classes, perClass: 1);
            string bad = Path.Combine(dir.Path, "train", "dog", "img000.png");
            byte[] bytes = File.ReadAllBytes(bad);
            File.WriteAllBytes(bad, bytes[..(bytes.Length / 2)]);

            var (train, _) = ImageFolderDataset.Open(dir.Path);
            var error = Assert.Throws<InvalidDataException>(() => train.Read(1, 3));
            // The PNG check runs before decoding: a half file ends inside a chunk.
            Assert.StartsWith(bad + ": ", error.Message);
            Assert.Contains("truncated", error.Message);
        }

        [Fact]
        public void LayoutProblemsNameTheFolder()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), Classes, perClass: 1);
            var noTest = Assert.Throws<DirectoryNotFoundException>(() => ImageFolderDataset.Open(dir.Path));
            Assert.StartsWith(Path.Combine(dir.Path, "test") + ": folder not found", noTest.Message);

            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "fox" }, perClass: 1);
            var unknown = Assert.Throws<InvalidDataException>(() => ImageFolderDataset.Open(dir.Path));
            Assert.StartsWith(Path.Combine(dir.Path, "test", "fox") + ": class folder 'fox' is not among the train classes", unknown.Message);

            Directory.CreateDirectory(Path.Combine(dir.Path, "train", "empty"));
            Directory.Delete(Path.Combine(dir.Path, "test", "fox"), recursive: true);
            var empty = Assert.Throws<InvalidDataException>(() => ImageFolderDataset.Open(dir.Path));
            Assert.Equal(Path.Combine(dir.Path, "train", "empty") + ": class folder holds no PNG, JPEG or BMP images", empty.Message);
        }
    }
}
