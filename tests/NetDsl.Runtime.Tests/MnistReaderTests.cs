using System;
using System.IO;
using System.IO.Compression;
using NetDsl.Runtime.Data;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    public class MnistReaderTests
    {
        const int Count = 5, Side = 28;

        static byte[] Header(params int[] values)
        {
            var bytes = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++)
            {
                bytes[4 * i] = (byte)(values[i] >> 24);
                bytes[4 * i + 1] = (byte)(values[i] >> 16);
                bytes[4 * i + 2] = (byte)(values[i] >> 8);
                bytes[4 * i + 3] = (byte)values[i];
            }
            return bytes;
        }

        static byte[] Concat(byte[] a, byte[] b)
        {
            var all = new byte[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }

        static byte[] Pixels(int count)
        {
            var pixels = new byte[count * Side * Side];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 % 256);
            return pixels;
        }

        static byte[] ImagesFile(int count) => Concat(Header(2051, count, Side, Side), Pixels(count));
        static byte[] LabelsFile(params byte[] labels) => Concat(Header(2049, labels.Length), labels);

        static void Write(string path, byte[] bytes, bool gzip)
        {
            if (!gzip) { File.WriteAllBytes(path, bytes); return; }
            using var file = File.Create(path + ".gz");
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }

        static void WriteSplit(TempFolder dir, string prefix, bool gzip, byte[]? images = null, byte[]? labels = null)
        {
            Write(dir.File(prefix + "-images-idx3-ubyte"), images ?? ImagesFile(Count), gzip);
            Write(dir.File(prefix + "-labels-idx1-ubyte"), labels ?? LabelsFile(3, 1, 4, 1, 5), gzip);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ReadsWhatWasWritten(bool gzip)
        {
            using var dir = new TempFolder();
            WriteSplit(dir, "train", gzip);
            WriteSplit(dir, "t10k", gzip, ImagesFile(2), LabelsFile(9, 0));

            using var splits = MnistDataset.Load(dir.Path, new TensorShape(1, 28, 28));
            Assert.Equal(Count, splits.Train.Count);
            Assert.Equal(2, splits.Test.Count);
            Assert.Equal(new long[] { 3, 1, 4, 1, 5 }, splits.Train.Labels.data<long>().ToArray());
            Assert.Equal(new long[] { Count, 1, 28, 28 }, splits.Train.Images.shape);
            byte[] pixels = Pixels(Count);
            float expected = (pixels[28 * 28 + 3] / 255f - MnistDataset.Mean) / MnistDataset.Std;
            Assert.Equal(expected, splits.Train.Images[1, 0, 0, 3].item<float>(), 5);
        }

        /// <summary>The dotted names some MNIST mirrors ship (train-images.idx3-ubyte) are read like the canonical ones.</summary>
        [Fact]
        public void ReadsTheDottedFileNamesSomeMirrorsUse()
        {
            using var dir = new TempFolder();
            Write(dir.File("train-images.idx3-ubyte"), ImagesFile(Count), gzip: false);
            Write(dir.File("train-labels.idx1-ubyte"), LabelsFile(3, 1, 4, 1, 5), gzip: true);
            using var train = MnistDataset.LoadSplit(dir.Path, "train", new TensorShape(1, 28, 28));
            Assert.Equal(new long[] { 3, 1, 4, 1, 5 }, train.Labels.data<long>().ToArray());
        }

        [Fact]
        public void ReplicatesChannelsAndResizesForOtherInputs()
        {
            using var dir = new TempFolder();
            WriteSplit(dir, "train", gzip: false);
            using var colour = MnistDataset.LoadSplit(dir.Path, "train", new TensorShape(3, 32, 32));
            Assert.Equal(new long[] { Count, 3, 32, 32 }, colour.Images.shape);
            Assert.True(Tensors.Same(colour.Images[.., 0], colour.Images[.., 2]));
            using var flat = MnistDataset.LoadSplit(dir.Path, "train", TensorShape.Vector(784));
            Assert.Equal(new long[] { Count, 784 }, flat.Images.shape);
        }

        static InvalidDataException LoadFails(TempFolder dir) =>
            Assert.Throws<InvalidDataException>(() => MnistDataset.LoadSplit(dir.Path, "train", new TensorShape(1, 28, 28)));

        [Fact]
        public void TruncatedLabelsNameTheFileAndCounts()
        {
            using var dir = new TempFolder();
            byte[] labels = LabelsFile(1, 2, 3, 4, 5, 6, 7, 8, 9, 0);
            WriteSplit(dir, "train", gzip: false, ImagesFile(10), labels.AsSpan(0, labels.Length - 3).ToArray());
            var e = LoadFails(dir);
            Assert.Equal(dir.File("train-labels-idx1-ubyte") + ": truncated: header says 10 labels but the file holds 7", e.Message);
        }

        [Fact]
        public void TruncatedGzippedImagesNameTheFile()
        {
            using var dir = new TempFolder();
            byte[] images = ImagesFile(Count);
            WriteSplit(dir, "train", gzip: true, images.AsSpan(0, images.Length - 100).ToArray());
            var e = LoadFails(dir);
            Assert.StartsWith(dir.File("train-images-idx3-ubyte.gz") + ": truncated: header says 5 images", e.Message);
        }

        [Fact]
        public void BadMagicNamesTheFile()
        {
            using var dir = new TempFolder();
            byte[] images = ImagesFile(Count);
            images[3] = 0x01; // 2051 → 2049: a labels magic in an images file
            WriteSplit(dir, "train", gzip: false, images);
            var e = LoadFails(dir);
            Assert.StartsWith(dir.File("train-images-idx3-ubyte") + ": bad magic number 2049", e.Message);
        }

        [Fact]
        public void LabelOutOfRangeNamesTheFileAndIndex()
        {
            using var dir = new TempFolder();
            WriteSplit(dir, "train", gzip: false, labels: LabelsFile(3, 1, 12, 1, 5));
            var e = LoadFails(dir);
            Assert.Equal(dir.File("train-labels-idx1-ubyte") + ": label 12 at index 2 is outside 0..9", e.Message);
        }

        [Fact]
        public void CountMismatchNamesBothFiles()
        {
            using var dir = new TempFolder();
            WriteSplit(dir, "train", gzip: false, ImagesFile(4));
            var e = LoadFails(dir);
            Assert.Contains(dir.File("train-labels-idx1-ubyte"), e.Message);
            Assert.Contains("5 labels", e.Message);
            Assert.Contains("train-images-idx3-ubyte holds 4 images", e.Message);
        }

        [Fact]
        public void MissingFileIsNamed()
        {
            using var dir = new TempFolder();
            var e = Assert.Throws<FileNotFoundException>(() => MnistDataset.LoadSplit(dir.Path, "t10k", new TensorShape(1, 28, 28)));
            Assert.StartsWith(dir.File("t10k-images-idx3-ubyte"), e.Message);
        }
    }
}
