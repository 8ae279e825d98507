using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Which training samples a validation split holds: carved from train only, per class, the same for the same seed.</summary>
    public sealed class ValidationSplitTests
    {
        [Fact]
        public void Indices_ArePerClass_AndTheSameForTheSameSeed_OtherForAnother()
        {
            int[] labels = Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 2).ToArray();
            var first = ValidationSplit.Indices(60, 0.25, seed: 5, labels);
            Assert.Equal(first, ValidationSplit.Indices(60, 0.25, seed: 5, labels));
            Assert.NotEqual(first, ValidationSplit.Indices(60, 0.25, seed: 6, labels));
            // 20 per class, 0.25 of each: 5 of every class, distinct and ascending.
            Assert.All(new[] { 0, 1, 2 }, c => Assert.Equal(5, first.Count(i => labels[i] == c)));
            Assert.Equal(first.OrderBy(i => i).Distinct(), first);
            // Every class keeps samples to train on, and a class of one is never held out.
            Assert.Empty(ValidationSplit.Indices(1, 0.5, seed: 0, new[] { 0 }));
            Assert.Single(ValidationSplit.Indices(2, 0.5, seed: 0, new[] { 0, 0 }));
        }

        [Theory]
        [InlineData(0.6)]
        [InlineData(-0.1)]
        [InlineData(double.NaN)]
        public void AFractionOutside0To05_IsRefusedNamingTheOption(double fraction)
        {
            var e = Assert.Throws<ArgumentException>(() => ValidationSplit.Check(fraction, "TrainerOptions.ValidationFraction"));
            Assert.Contains("TrainerOptions.ValidationFraction", e.Message);
        }

        [Fact]
        public void Carve_TakesItsSamplesFromTrainOnly_AndTrainsOnTheRest()
        {
            using var splits = ShapesDataset.Load(new TensorShape(3, 8, 8), seed: 2, trainCount: 40, testCount: 8);
            var (train, validation) = ValidationSplit.Carve(splits.Train, 0.25, seed: 3);
            int[] labels = splits.Train.Targets.data<long>().Select(l => (int)l).ToArray();
            var held = ValidationSplit.Indices(40, 0.25, 3, labels);
            Assert.Equal(40, train.Count + validation.Count);
            Assert.Equal(held.Length, validation.Count);
            // The validation samples are exactly the held-out training rows; the rest train: the two share no row.
            using var heldIndex = tensor(held.Select(i => (long)i).ToArray());
            using var restIndex = tensor(ValidationSplit.Rest(40, held).Select(i => (long)i).ToArray());
            using (var expected = splits.Train.Images.index_select(0, heldIndex)) Assert.True(validation.Images.allclose(expected, 0, 0));
            using (var expected = splits.Train.Images.index_select(0, restIndex)) Assert.True(train.Images.allclose(expected, 0, 0));
            Assert.Empty(held.Intersect(ValidationSplit.Rest(40, held)));
            var data = Training.TrainingData.From(splits, 8, seed: 3, validationFraction: 0.25);
            Assert.Equal(held.Length, data.ValidationCount);
            Assert.Equal(0.25, data.ValidationFraction);
            Assert.Null(Training.TrainingData.From(splits, 8, seed: 3).Validation);
        }

        [Fact]
        public void AFolderClassWhoseFilesAllHash_IntoValidation_KeepsOneToTrainOn()
        {
            // At fraction 0.5 some one-file classes hash below it; each keeps its file in train.
            var files = Enumerable.Range(0, 40).Select(i => ($"c{i}/only.png", i)).ToList();
            Assert.Contains(files, f => ValidationSplit.IsValidationFile(f.Item1, 0.5));
            Assert.Empty(ValidationSplit.Files(files, 0.5));
            // Two files of one class: a class never loses both, while other files keep their hash's side.
            var two = new List<(string, int)> { ("a/1.png", 0), ("a/2.png", 0) };
            Assert.True(ValidationSplit.Files(two, 0.5).Length < 2);
        }

        /// <summary>A folder's files go to validation by their path's salted hash: no seed, no test file, and other files do not move them.</summary>
        [Fact]
        public void AFolder_HoldsOutTrainFilesByPathHash_WhateverTheSeed_AndAddingFilesMovesNone()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(dir.Path, new[] { "a", "b" }, perClass: 20);
            var source = DataSource.ImageFolder(dir.Path);
            var input = new TensorShape(3, 8, 8);
            FileBatches Open(int seed) => source.OpenBatches(input, 4, seed, AugmentationOptions.Parse("none"), validationFraction: 0.3);
            var whole = source.OpenBatches(input, 4, 0, AugmentationOptions.Parse("none"));
            var (a, b) = (Open(1), Open(2));
            Assert.True(a.ValidationCount > 0);
            Assert.Equal(a.ValidationCount, b.ValidationCount);
            Assert.Equal(whole.TrainCount, a.TrainCount + a.ValidationCount);
            Assert.Equal(whole.TestCount, a.TestCount);   // test is never touched

            var (train, test) = ImageFolderDataset.Open(dir.Path);
            string Relative(string path) => Path.GetRelativePath(dir.Path, path).Replace('\\', '/');
            var expected = train.Files.Select(f => Relative(f.Path)).Where(p => ValidationSplit.IsValidationFile(p, 0.3)).ToList();
            Assert.Equal(expected.Count, a.ValidationCount);
            Assert.Empty(expected.Intersect(test.Files.Select(f => Relative(f.Path))));

            // New images elsewhere: every file held out before still is.
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "c"), new[] { "x" }, perClass: 10);
            var (trainAfter, _) = ImageFolderDataset.Open(dir.Path);
            var after = trainAfter.Files.Select(f => Relative(f.Path)).Where(p => ValidationSplit.IsValidationFile(p, 0.3)).ToList();
            Assert.Empty(expected.Except(after));
        }
    }
}
