using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// The data one <c>train</c> or <c>eval</c> run reads: held in memory (the shapes set, MNIST) or decoded
    /// and augmented from files on background threads (CIFAR-10, image folders, mask folders).
    /// </summary>
    internal sealed class RunData : IDisposable
    {
        readonly IDisposable? owned;

        RunData(TrainingData batches, int trainCount, int testCount, LabeledImages? testImages, IDisposable? owned)
        {
            Batches = batches;
            TrainCount = trainCount;
            TestCount = testCount;
            TestImages = testImages;
            this.owned = owned;
        }

        public TrainingData Batches { get; }
        public string Name => Batches.Name;
        public IReadOnlyList<string> ClassNames => Batches.ClassNames ?? Array.Empty<string>();
        public int ClassCount => ClassNames.Count;
        public int TrainCount { get; }
        public int TestCount { get; }

        /// <summary>Training samples held out for validation (--val-fraction); 0: none.</summary>
        public int ValidationCount { get; init; }

        /// <summary>Which file decided the class count (mask folders), for messages; null otherwise.</summary>
        public string? ClassOrigin { get; init; }

        /// <summary>A classifier's data classes with no test image (a test/ folder lacking them, a split class of one image): never scored.</summary>
        public IReadOnlyList<string> ClassesWithoutTest { get; init; } = Array.Empty<string>();

        /// <summary>The test images in memory (for the reconstruction grid); null for file-backed data.</summary>
        public LabeledImages? TestImages { get; }

        /// <summary>
        /// The run's data; the built-in shapes set draws <paramref name="trainImages"/> training images (the card's count), file data
        /// a seeded subset of <paramref name="subsetTrain"/> and <paramref name="subsetTest"/> images where given (null: all).
        /// File data's training batches are augmented with <paramref name="augment"/> (null: <see cref="AugmentationOptions.Standard"/>);
        /// data held in memory is never augmented. File data is normalised with <paramref name="normalize"/> where given (the
        /// statistics a model was trained with), else its kind's, and decoded on <paramref name="prefetch"/>'s workers (null: one).
        /// </summary>
        public static RunData Open(ModelEntry entry, Network network, DataSource data, TensorShape input, int seed, int batchSize,
            int trainImages = ShapesDataset.DefaultTrainCount, int testImages = ShapesDataset.DefaultTestCount, AugmentationOptions? augment = null,
            NetDsl.Runtime.Data.Augmentations.Normalize? normalize = null, int? subsetTrain = null, int? subsetTest = null, double? validationFraction = null,
            PrefetchOptions? prefetch = null)
        {
            if (!data.IsFileBacked)
            {
                var splits = TaskData.Load(entry, network, data, input, seed, trainImages, testImages);
                var held = TrainingData.From(splits, batchSize, seed, validationFraction);
                int validating = held.ValidationCount;
                return new RunData(held, splits.Train.Count - validating, splits.Test.Count, splits.Test, splits) { ValidationCount = validating };
            }
            // An autoencoder needs no labels: a flat folder of images is its data too.
            FileBatches files;
            try
            {
                files = data.OpenBatches(input, batchSize, seed, augment, prefetch, normalize: normalize, unlabelled: entry.Task == ModelTask.Reconstruction,
                    trainImages: subsetTrain, testImages: subsetTest, validationFraction: validationFraction);
            }
            catch (DataSubsetException e)
            {
                throw new CliUsageException($"--{e.Split}-images {e.Requested}: {data} has {e.Available} {(e.Split == "train" ? "training" : "test")} images; " +
                    $"give at most {e.Available}, or leave --{e.Split}-images out to use them all");
            }
            TaskData.CheckFiles(entry, data, files);
            var batches = TrainingData.From(files with { Name = data.ToString() }, input);
            var withoutTest = entry.Task == ModelTask.Classification && files.TestClassCounts is { } counts
                ? files.ClassNames.Where((_, c) => c < counts.Count && counts[c] == 0).ToArray() : Array.Empty<string>();
            return new RunData(batches, files.TrainCount, files.TestCount, null, null)
                { ClassOrigin = files.ClassOrigin, ClassesWithoutTest = withoutTest, ValidationCount = files.ValidationCount };
        }

        public void Dispose() => owned?.Dispose();
    }
}
