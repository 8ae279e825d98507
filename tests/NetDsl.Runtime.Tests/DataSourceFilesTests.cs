using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class DataSourceFilesTests
    {
        [Theory]
        [InlineData("shapes", "shapes", null)]
        [InlineData("mnist:/data/mnist", "mnist", "/data/mnist")]
        [InlineData("cifar10:/data/c10", "cifar10", "/data/c10")]
        [InlineData("folder:pets", "folder", "pets")]
        [InlineData("maskfolder:roads", "maskfolder", "roads")]
        public void ParsesEverySpelling(string text, string kind, string? directory)
        {
            var source = DataSourceSyntax.Parse(text);
            Assert.Equal((kind, directory), (source.KindName, source.Directory));
            Assert.Equal(text, source.ToString());
            Assert.Equal(kind is "cifar10" or "folder" or "maskfolder", source.IsFileBacked);
        }

        [Theory]
        [InlineData("cifar")]
        [InlineData("folder:")]
        public void UnknownValuesListTheChoices(string text)
        {
            var error = Assert.Throws<CliUsageException>(() => DataSourceSyntax.Parse(text));
            Assert.Equal($"--data: unknown data source '{text}'; use shapes, mnist:DIR, cifar10:DIR, folder:DIR or maskfolder:DIR", error.Message);
        }

        [Fact]
        public void FolderBatchesAreResizedToTheModelInput()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(dir.Path, new[] { "a", "b" }, perClass: 5, width: 12, height: 10);
            var batches = DataSource.ImageFolder(dir.Path).OpenBatches(new TensorShape(1, 8, 8), batchSize: 3, seed: 1);
            // Split file by file by each path's hash: 5 of these 10 names fall under 0.2 (1 per class under the old per-class 20%).
            Assert.Equal((5, 5, false), (batches.TrainCount, batches.TestCount, batches.IsSegmentation));
            Assert.Equal(new[] { "a", "b" }, batches.ClassNames);
            var (images, labels) = batches.Train.Epoch(1, CPU).First();
            using (images) using (labels)
            {
                Assert.Equal(new long[] { 3, 1, 8, 8 }, images.shape);
                Assert.Equal(new long[] { 3 }, labels.shape);
            }
            Assert.Equal(2, batches.Test.BatchesPerEpoch);
        }

        [Fact]
        public void DecodingOnSeveralWorkersGivesTheInlineBatches()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(dir.Path, new[] { "a", "b", "c" }, perClass: 6, width: 9, height: 7);
            DataTestFiles.WriteJpeg(Path.Combine(dir.Path, "b", "photo.jpg"), DataTestFiles.Pattern(12, 12, 3, 5), 12, 12, 3);
            var source = DataSource.ImageFolder(dir.Path);
            var augment = AugmentationOptions.Parse("crop,flip,jitter");
            var inline = source.OpenBatches(new TensorShape(3, 8, 8), 4, seed: 3, augment, PrefetchOptions.Inline);
            var parallel = source.OpenBatches(new TensorShape(3, 8, 8), 4, seed: 3, augment, new PrefetchOptions(Workers: 3, Depth: 2));
            foreach (var ((x1, y1), (x2, y2)) in inline.Train.Epoch(2, CPU).Zip(parallel.Train.Epoch(2, CPU)))
                using (x1) using (y1) using (x2) using (y2)
                {
                    Assert.True(Tensors.Same(x1, x2));
                    Assert.True(Tensors.Same(y1, y2));
                }
        }

        [Fact]
        public void MaskFolderBatchesHoldMasks()
        {
            using var dir = new TempFolder();
            for (int i = 0; i < 4; i++)
            {
                DataTestFiles.WriteImage(Path.Combine(dir.Path, "images", $"p{i}.png"), 10, 10, seed: i);
                DataTestFiles.WriteMask(Path.Combine(dir.Path, "masks", $"p{i}.png"), 10, 10, classes: 3);
            }
            var batches = DataSource.MaskFolder(dir.Path)
                .OpenBatches(new TensorShape(3, 16, 16), batchSize: 2, seed: 1, AugmentationOptions.Parse("crop,flip"));
            Assert.True(batches.IsSegmentation);
            Assert.Equal(3, batches.ClassCount);
            var (images, masks) = batches.Train.Epoch(1, CPU).First();
            using (images) using (masks)
            {
                Assert.Equal(new long[] { 2, 3, 16, 16 }, images.shape);
                Assert.Equal(new long[] { 2, 16, 16 }, masks.shape);
                // Classes 0..2, and void (255) where the crop reached its padding.
                Assert.All(masks.contiguous().data<long>().ToArray().Distinct(), v => Assert.True(v is >= 0 and <= 2 or 255, $"mask value {v}"));
            }
        }

        [Fact]
        public void FileBackedSourcesAreNotLoadedIntoMemoryAndNeedImageInputs()
        {
            var folder = DataSource.ImageFolder("/nowhere");
            Assert.Throws<InvalidOperationException>(() => folder.Load(new TensorShape(3, 8, 8), 1));
            var error = Assert.Throws<ArgumentException>(() => folder.OpenBatches(TensorShape.Vector(64), 4, 1));
            Assert.Equal("folder:/nowhere: image data needs a model input of 1xHxW or 3xHxW, not 64", error.Message);
            var missing = Assert.Throws<DirectoryNotFoundException>(() => folder.OpenBatches(new TensorShape(3, 8, 8), 4, 1));
            Assert.Equal("/nowhere: image folder not found", missing.Message);
        }
    }
}
