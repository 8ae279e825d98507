using System.Linq;
using System.IO;
using NetDsl.Runtime.Data;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    public class DataMaskFolderTests
    {
        static void WritePair(string root, string name, int width = 8, int height = 6, int classes = 3)
        {
            DataTestFiles.WriteImage(Path.Combine(root, "images", name + ".png"), width, height, seed: name.Length);
            DataTestFiles.WriteMask(Path.Combine(root, "masks", name + ".png"), width, height, classes);
        }

        [Fact]
        public void PairsImagesWithMasksOfClassIndices()
        {
            using var dir = new TempFolder();
            WritePair(Path.Combine(dir.Path, "train"), "a");
            DataTestFiles.WriteJpeg(Path.Combine(dir.Path, "train", "images", "b.jpg"), DataTestFiles.Pattern(8, 6, 3, 0), 8, 6, 3);
            DataTestFiles.WriteMask(Path.Combine(dir.Path, "train", "masks", "b.png"), 8, 6, 3);
            WritePair(Path.Combine(dir.Path, "test"), "c");

            var (train, test) = MaskFolderDataset.Open(dir.Path);
            Assert.Equal(2, train.Count);
            Assert.Equal(1, test.Count);
            Assert.Equal(new[] { "0", "1", "2" }, train.ClassNames);   // inferred from the largest value
            Sample b = train.Read(1, 3);
            Assert.Equal((6, 8), (b.Height, b.Width));
            Assert.Equal((byte)((5 + 4) % 3), b.Mask![4 * 8 + 5]);
        }

        [Fact]
        public void ClassesFileSetsNamesAndOutOfRangeValuesAreNamed()
        {
            using var dir = new TempFolder();
            WritePair(dir.Path, "a", classes: 4);
            WritePair(dir.Path, "b", classes: 2);
            File.WriteAllLines(dir.File(MaskFolderDataset.ClassesFile), new[] { "background", "road", "car" });

            var (train, test) = MaskFolderDataset.Open(dir.Path);   // no train/: one pair is held out
            Assert.Equal(new[] { "background", "road", "car" }, train.ClassNames);
            Assert.Equal(1, train.Count);
            Assert.Equal(1, test.Count);
            var set = train.Pairs[0].Image.EndsWith("a.png") ? train : test;
            var error = Assert.Throws<InvalidDataException>(() => set.Read(0, 3));
            Assert.Equal(Path.Combine(dir.Path, "masks", "a.png") + ": pixel (3, 0) holds class 3, outside 0..2 (and not 255, void)", error.Message);
        }

        /// <summary>
        /// Pascal VOC's masks draw object borders in 255, "void": such pixels are read (not refused as class 255), and the
        /// class count inferred without classes.txt comes from the other values; before, every VOC mask was refused.
        /// </summary>
        [Fact]
        public void VoidPixelsOf255AreReadAndCountNoClass()
        {
            using var dir = new TempFolder();
            foreach (string split in new[] { "train", "test" })
            {
                string root = Path.Combine(dir.Path, split);
                DataTestFiles.WriteImage(Path.Combine(root, "images", "a.png"), 8, 6, seed: 1);
                var mask = new byte[8 * 6];
                for (int i = 0; i < mask.Length; i++) mask[i] = (byte)(i % 8 == 0 ? 255 : i % 3);   // a void column at x = 0
                DataTestFiles.WritePng(Path.Combine(root, "masks", "a.png"), mask, 8, 6, 1);
            }
            var (train, _) = MaskFolderDataset.Open(dir.Path);
            Assert.Equal(new[] { "0", "1", "2" }, train.ClassNames);
            Sample a = train.Read(0, 3);
            Assert.Equal((byte)255, a.Mask![8]);
            Assert.Equal((byte)(9 % 3), a.Mask![9]);

            File.WriteAllLines(dir.File(MaskFolderDataset.ClassesFile), Enumerable.Range(0, 256).Select(i => "c" + i));
            var error = Assert.Throws<InvalidDataException>(() => MaskFolderDataset.Open(dir.Path));
            Assert.Contains("lists 256 class names; a mask holds classes 0..254 (255 is void)", error.Message);
        }

        /// <summary>
        /// A palette mask (Pascal VOC's format) holds the class as the palette index, as PIL reads it, whatever colours the
        /// palette gives (here index 2 is drawn in index 0's black, and carries a tRNS): before, its colours were refused.
        /// </summary>
        [Fact]
        public void APaletteMaskGivesEachPixelsPaletteIndexAsItsClass()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "train", "images", "a.png"), 4, 2, seed: 0);
            byte[] palette = { 0, 0, 0, 128, 0, 0, 0, 0, 0 };
            DataTestFiles.WriteRawPng(Path.Combine(dir.Path, "train", "masks", "a.png"), 4, 2, 8, 3, new[] { new byte[] { 0, 1, 2, 1 }, new byte[] { 2, 2, 0, 1 } },
                palette, alpha: new byte[] { 0, 255 });
            WritePair(Path.Combine(dir.Path, "test"), "b");
            File.WriteAllLines(dir.File(MaskFolderDataset.ClassesFile), new[] { "background", "road", "car" });
            var (train, _) = MaskFolderDataset.Open(dir.Path);
            Assert.Equal(new byte[] { 0, 1, 2, 1, 2, 2, 0, 1 }, train.Read(0, 3).Mask);
        }

        /// <summary>
        /// Masks whose values would arrive changed are refused by name: a 16-bit PNG (cut to its high 8 bits, class 2 read as
        /// 0) and a JPEG (lossy along every edge). Before, both trained silently on wrong classes.
        /// </summary>
        [Fact]
        public void SixteenBitAndJpegMasksAreRefusedByName()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "train", "images", "a.png"), 2, 1, seed: 0);
            string deep = Path.Combine(dir.Path, "train", "masks", "a.png");
            DataTestFiles.WriteRawPng(deep, 2, 1, 16, 0, new[] { new byte[] { 0, 1, 0, 2 } });
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "test", "images", "b.png"), 8, 6, seed: 0);
            string lossy = Path.Combine(dir.Path, "test", "masks", "b.jpg");
            DataTestFiles.WriteJpeg(lossy, new byte[8 * 6], 8, 6, 1);
            File.WriteAllLines(dir.File(MaskFolderDataset.ClassesFile), new[] { "background", "road", "car" });
            var (train, test) = MaskFolderDataset.Open(dir.Path);
            Assert.StartsWith(deep + ": a 16-bit PNG mask; ", Assert.Throws<InvalidDataException>(() => train.Read(0, 3)).Message);
            Assert.StartsWith(lossy + ": a JPEG mask; ", Assert.Throws<InvalidDataException>(() => test.Read(0, 3)).Message);
        }

        [Fact]
        public void MaskOfAnotherSizeIsNamedWithItsImage()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "train", "images", "a.png"), 8, 6, seed: 0);
            DataTestFiles.WriteMask(Path.Combine(dir.Path, "train", "masks", "a.png"), 7, 6, 2);
            WritePair(Path.Combine(dir.Path, "test"), "b");
            var (train, _) = MaskFolderDataset.Open(dir.Path);
            var error = Assert.Throws<InvalidDataException>(() => train.Read(0, 3));
            Assert.Equal(Path.Combine(dir.Path, "train", "masks", "a.png") + ": mask is 7x6 but its image a.png is 8x6", error.Message);
        }

        [Fact]
        public void MissingMaskNamesTheImageAndTheExpectedFile()
        {
            using var dir = new TempFolder();
            WritePair(dir.Path, "a");
            DataTestFiles.WriteImage(Path.Combine(dir.Path, "images", "lonely.png"), 8, 6, seed: 0);
            var error = Assert.Throws<FileNotFoundException>(() => MaskFolderDataset.Open(dir.Path));
            Assert.Equal(
                $"{Path.Combine(dir.Path, "images", "lonely.png")}: no mask for this image; expected {Path.Combine(dir.Path, "masks", "lonely.png")}",
                error.Message);
        }

        [Fact]
        public void ColourMasksAreRejected()
        {
            using var dir = new TempFolder();
            // Enough pairs to split, so the colour is what is refused (one pair is refused as too small to split).
            for (int i = 0; i < 5; i++)
            {
                DataTestFiles.WriteImage(Path.Combine(dir.Path, "images", $"a{i}.png"), 4, 4, seed: i);
                DataTestFiles.WriteImage(Path.Combine(dir.Path, "masks", $"a{i}.png"), 4, 4, seed: i);
            }
            var error = Assert.Throws<InvalidDataException>(() => MaskFolderDataset.Open(dir.Path));
            Assert.Contains("masks hold one class index per pixel (grayscale)", error.Message);
        }
    }
}
