using System.IO;
using NetDsl.Runtime.Data;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    public class DataCifar10Tests
    {
        static void WriteSet(TempFolder dir)
        {
            DataTestFiles.WriteCifar(dir.File("data_batch_1.bin"), (3, 0), (9, 1), (0, 2));
            DataTestFiles.WriteCifar(dir.File("data_batch_2.bin"), (5, 3), (1, 4));
            DataTestFiles.WriteCifar(dir.File("test_batch.bin"), (7, 5), (2, 6));
        }

        [Fact]
        public void ReadsRecordsAcrossFilesAsPlanarFloats()
        {
            using var dir = new TempFolder();
            WriteSet(dir);
            var (train, test) = Cifar10Dataset.Open(dir.Path);
            Assert.Equal(5, train.Count);
            Assert.Equal(2, test.Count);
            Assert.Equal(Cifar10Dataset.DefaultClassNames, train.ClassNames);

            Sample fifth = train.Read(4, 3);   // second record of data_batch_2.bin
            Assert.Equal(1, fifth.Label);
            Assert.Equal((3, 32, 32), (fifth.Channels, fifth.Height, fifth.Width));
            Assert.Contains("data_batch_2.bin record 1", fifth.Source);
            byte[] record = DataTestFiles.CifarRecord(1, 4);
            Assert.Equal(record[1 + 1024 + 5] / 255f, fifth.Pixels[1024 + 5]);   // green plane, pixel 5
            Assert.Equal(7, test.Read(0, 3).Label);
        }

        /// <summary>
        /// CIFAR-10's python version (pickled data_batch_1 …, what torchvision downloads) is named as such, with the binary
        /// version cifar10: reads; before, only "data_batch_1.bin: file not found".
        /// </summary>
        [Fact]
        public void ThePythonVersionIsNamedAndTheBinaryOneAskedFor()
        {
            using var dir = new TempFolder();
            File.WriteAllBytes(dir.File("data_batch_1"), new byte[] { 0x80, 0x02 });
            File.WriteAllBytes(dir.File("test_batch"), new byte[] { 0x80, 0x02 });
            var e = Assert.Throws<FileNotFoundException>(() => Cifar10Dataset.Open(dir.Path));
            Assert.StartsWith(dir.Path + ": holds CIFAR-10's python version (pickled batches, as torchvision downloads it); cifar10: reads the binary version", e.Message);
        }

        [Fact]
        public void GrayscaleModelsGetLuma()
        {
            using var dir = new TempFolder();
            WriteSet(dir);
            var (train, _) = Cifar10Dataset.Open(dir.Path);
            Sample rgb = train.Read(0, 3), gray = train.Read(0, 1);
            Assert.Equal(1, gray.Channels);
            float expected = 0.299f * rgb.Pixels[10] + 0.587f * rgb.Pixels[1024 + 10] + 0.114f * rgb.Pixels[2048 + 10];
            Assert.Equal(expected, gray.Pixels[10], 5);
        }

        [Fact]
        public void ClassNamesComeFromTheMetaFile()
        {
            using var dir = new TempFolder();
            string nested = Path.Combine(dir.Path, "cifar-10-batches-bin");
            Directory.CreateDirectory(nested);
            DataTestFiles.WriteCifar(Path.Combine(nested, "data_batch_1.bin"), (3, 0));
            DataTestFiles.WriteCifar(Path.Combine(nested, "test_batch.bin"), (3, 0));
            File.WriteAllLines(Path.Combine(nested, "batches.meta.txt"), new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "" });
            var (train, _) = Cifar10Dataset.Open(dir.Path);   // the parent of the archive's folder works too
            Assert.Equal("d", train.ClassNames[train.Read(0, 3).Label]);
        }

        [Fact]
        public void TruncatedFileNamesTheFileAndTheCutRecord()
        {
            using var dir = new TempFolder();
            WriteSet(dir);
            byte[] whole = File.ReadAllBytes(dir.File("data_batch_2.bin"));
            File.WriteAllBytes(dir.File("data_batch_2.bin"), whole[..(Cifar10Dataset.RecordSize + 100)]);
            var error = Assert.Throws<InvalidDataException>(() => Cifar10Dataset.Open(dir.Path));
            Assert.StartsWith(dir.File("data_batch_2.bin") + ": truncated", error.Message);
            Assert.Contains("record 1 is cut short", error.Message);
        }

        [Fact]
        public void LabelOutOfRangeNamesTheRecord()
        {
            using var dir = new TempFolder();
            WriteSet(dir);
            DataTestFiles.WriteCifar(dir.File("test_batch.bin"), (7, 5), (10, 6));
            var error = Assert.Throws<InvalidDataException>(() => Cifar10Dataset.Open(dir.Path));
            Assert.Equal(dir.File("test_batch.bin") + ": label 10 in record 1 is outside 0..9", error.Message);
        }

        [Fact]
        public void MissingFilesAreNamed()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteCifar(dir.File("data_batch_1.bin"), (3, 0));
            var noTest = Assert.Throws<FileNotFoundException>(() => Cifar10Dataset.Open(dir.Path));
            Assert.StartsWith(dir.File("test_batch.bin"), noTest.Message);

            File.Move(dir.File("data_batch_1.bin"), dir.File("test_batch.bin"));
            var noTrain = Assert.Throws<FileNotFoundException>(() => Cifar10Dataset.Open(dir.Path));
            Assert.StartsWith(dir.File("data_batch_1.bin"), noTrain.Message);
        }
    }
}
