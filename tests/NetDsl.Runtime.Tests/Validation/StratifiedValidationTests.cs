using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// CIFAR-10 and a <c>--train-images</c> subset hold out F of each class for validation (round(F × the class's samples)), their labels
    /// read without decoding an image; before, a plain seeded share of the split could over- or under-represent a class.
    /// </summary>
    public sealed class StratifiedValidationTests
    {
        const double Fraction = 0.2;
        static readonly TensorShape Input = new(3, 8, 8);

        /// <summary>Class c has 10 + 5c records (325 in all), shuffled and spread over two batch files; a small test file.</summary>
        static int[] WriteUnevenCifar(TempFolder dir)
        {
            var labels = Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 10 + 5 * c)).ToArray();
            new Random(1).Shuffle(labels);
            var records = labels.Select((label, i) => ((byte)label, i)).ToArray();
            DataTestFiles.WriteCifar(dir.File("data_batch_1.bin"), records[..200]);
            DataTestFiles.WriteCifar(dir.File("data_batch_2.bin"), records[200..]);
            DataTestFiles.WriteCifar(dir.File("test_batch.bin"), ((byte)0, 0), ((byte)1, 1));
            return labels;
        }

        /// <summary>The labels of a loader's epoch 1, in its order (the validation loader does not shuffle).</summary>
        static List<long> LabelsOf(IBatchSource batches)
        {
            var labels = new List<long>();
            foreach (var (images, targets) in batches.Epoch(1, CPU))
                using (images) using (targets) labels.AddRange(targets.data<long>().ToArray());
            return labels;
        }

        static long[] PerClass(IEnumerable<long> labels) => Enumerable.Range(0, 10).Select(c => (long)labels.Count(l => l == c)).ToArray();

        static long Share(long size) => (long)Math.Round(Fraction * size, MidpointRounding.AwayFromZero);

        [Fact]
        public void Cifar10_LabelsAreReadFromTheRecords_AndASubsetsFromItsSet()
        {
            using var dir = new TempFolder();
            var labels = WriteUnevenCifar(dir);
            var (train, _) = Cifar10Dataset.Open(dir.Path);
            Assert.Equal(labels, train.Labels()!);
            var subset = SampleSubset.Of(train, new[] { 0, 199, 200, 324 }, "part");
            Assert.Equal(new[] { labels[0], labels[199], labels[200], labels[324] }, subset.Labels()!);
        }

        [Fact]
        public void Cifar10_HoldsOutFOfEachClass_TheSameSplitForTheSameSeed()
        {
            using var dir = new TempFolder();
            WriteUnevenCifar(dir);
            var source = DataSource.Cifar10(dir.Path);
            FileBatches Open() => source.OpenBatches(Input, 16, seed: 4, AugmentationOptions.Parse("none"), validationFraction: Fraction);
            var batches = Open();
            var held = LabelsOf(batches.Validation!);
            // Class c's 10 + 5c records: 0.2 of them is 2 + c.
            Assert.Equal(Enumerable.Range(0, 10).Select(c => 2L + c), PerClass(held));
            Assert.Equal(325, batches.TrainCount + batches.ValidationCount);
            Assert.Equal(Enumerable.Range(0, 10).Select(c => 10L + 5 * c - (2 + c)), batches.TrainClassCounts!);
            // A resume recomputes the split from seed and fraction: the same samples, in the same order.
            Assert.Equal(held, LabelsOf(Open().Validation!));
        }

        [Fact]
        public void ATrainImagesSubset_HoldsOutFOfEachOfItsClasses()
        {
            using var dir = new TempFolder();
            WriteUnevenCifar(dir);
            var batches = DataSource.Cifar10(dir.Path).OpenBatches(Input, 16, seed: 7, AugmentationOptions.Parse("none"), trainImages: 200, validationFraction: Fraction);
            Assert.Equal(200, batches.TrainCount + batches.ValidationCount);
            var held = PerClass(LabelsOf(batches.Validation!));
            // The subset's classes: what trains plus what validates; of each, round(0.2 × its size) validates.
            var subsetClasses = batches.TrainClassCounts!.Zip(held, (t, v) => t + v).ToArray();
            Assert.Equal(subsetClasses.Select(Share), held);
        }
    }
}
