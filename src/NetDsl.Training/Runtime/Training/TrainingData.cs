using System.Collections.Generic;
using NetDsl.Runtime.Data;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// What a <see cref="Trainer"/> reads: training and test batch sources, the data's name (in messages and
    /// plots), the sample shape recorded in checkpoints and the class names (per-class metrics).
    /// </summary>
    public sealed record TrainingData(IBatchSource Train, IBatchSource Test, string Name, string Input, IReadOnlyList<string>? ClassNames = null)
    {
        /// <summary>
        /// Training samples per class (pixels per class for masks, void left out), for <see cref="TrainerOptions.BalanceClasses"/>;
        /// null where the data cannot tell (your own batch source).
        /// </summary>
        public IReadOnlyList<long>? TrainClassCounts { get => classCounts?.Value; init => classCounts = new System.Lazy<IReadOnlyList<long>?>(value); }

        // Counted on first use (only BalanceClasses asks), not whenever data is wrapped for a Fit or an Evaluate.
        System.Lazy<IReadOnlyList<long>?>? classCounts;

        /// <summary>How the samples' pixels were normalised; recorded in checkpoints so predictions prepare images alike (null: not known).</summary>
        public NetDsl.Runtime.Data.Augmentations.Normalize? Normalization { get; init; }

        /// <summary>The seeded subset of file data the splits were drawn down to (recorded in checkpoints: a resume must re-read it); null: all.</summary>
        public DataSubset? Subset { get; init; }

        /// <summary>The identity of a file folder's train/test split, recorded in checkpoints (null: data in memory, CIFAR-10).</summary>
        public NetDsl.Runtime.Data.DataSplitFingerprint? Split { get; init; }

        /// <summary>
        /// Samples held out of the training split to choose the best epoch by (<see cref="TrainerOptions.ValidationFraction"/>): evaluated
        /// after every epoch in place of <see cref="Test"/>, which is then scored once, at the end. Null: no validation split.
        /// </summary>
        public IBatchSource? Validation { get; init; }

        /// <summary>The samples in <see cref="Validation"/> (0: none).</summary>
        public int ValidationCount { get; init; }

        /// <summary>The share of the training split <see cref="Validation"/> was carved with (recorded in checkpoints); null: none.</summary>
        public double? ValidationFraction { get; init; }

        /// <summary>
        /// In-memory splits: the training set shuffled per (seed, epoch), the test set in order. With <paramref name="validationFraction"/>,
        /// that share of the training set (per class, drawn with <paramref name="seed"/>: <see cref="ValidationSplit.Indices"/>) is held out as
        /// <see cref="Validation"/>, in order, and does not train.
        /// </summary>
        public static TrainingData From(DataSplits splits, int batchSize, int seed, double? validationFraction = null)
        {
            LabeledImages train = splits.Train;
            LabeledImages? validation = null;
            if (validationFraction is double f && f != 0) (train, validation) = ValidationSplit.Carve(splits.Train, f, seed);
            return new TrainingData(
                new BatchLoader(train, batchSize, shuffle: true, seed: seed),
                new BatchLoader(splits.Test, batchSize, shuffle: false, seed: 0),
                splits.Name, splits.Train.SampleShape.ToString(), splits.Train.ClassNames)
            {
                Normalization = splits.Normalization, classCounts = new System.Lazy<IReadOnlyList<long>?>(() => ClassWeighting.Count(train)),
                Validation = validation == null ? null : new BatchLoader(validation, batchSize, shuffle: false, seed: 0),
                ValidationFraction = validation == null ? null : validationFraction, ValidationCount = validation?.Count ?? 0,
            };
        }

        /// <summary>File-backed batches (<see cref="DataSource.OpenBatches"/>) for a model whose input is <paramref name="input"/>.</summary>
        public static TrainingData From(FileBatches files, NetDsl.Shapes.TensorShape input) =>
            new TrainingData(files.Train, files.Test, files.Name, input.ToString(), files.ClassNames)
            {
                Normalization = files.Normalization, Subset = files.Subset, Split = files.Split,
                Validation = files.Validation, ValidationFraction = files.Validation == null ? null : files.ValidationFraction, ValidationCount = files.ValidationCount,
                classCounts = new System.Lazy<IReadOnlyList<long>?>(() => files.TrainClassCounts),
            };
    }
}
