using System.Collections.Generic;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// The train and test batch sources of a file-backed data set (<c>cifar10:</c>, <c>folder:</c>,
    /// <c>maskfolder:</c>), as <see cref="DataSource.OpenBatches"/> returns them. Train batches are
    /// shuffled and augmented; test batches keep the files' order and are only resized and normalized.
    /// </summary>
    public sealed record FileBatches(
        string Name,
        PrefetchLoader Train,
        PrefetchLoader Test,
        IReadOnlyList<string> ClassNames,
        bool IsSegmentation,
        int TrainCount,
        int TestCount)
    {
        /// <summary>The number of classes.</summary>
        public int ClassCount => ClassNames.Count;

        /// <summary>
        /// Training samples per class (class folders and CIFAR-10 from their listing or labels; a mask folder's pixels per class,
        /// void left out, decoding every mask), counted on first use; null where the data cannot tell.
        /// </summary>
        public IReadOnlyList<long>? TrainClassCounts { get => classCounts?.Value; init => classCounts = new System.Lazy<IReadOnlyList<long>?>(value); }

        /// <summary>How <see cref="TrainClassCounts"/> is counted when first asked (a mask folder decodes every mask).</summary>
        internal System.Func<IReadOnlyList<long>?> CountTrainClasses { init => classCounts = new System.Lazy<IReadOnlyList<long>?>(value); }

        System.Lazy<IReadOnlyList<long>?>? classCounts;

        /// <summary>The seeded subset the splits were drawn down to (<see cref="DataSource.OpenBatches"/>' trainImages, testImages); null: all.</summary>
        public DataSubset? Subset { get; init; }

        /// <summary>How the pipelines normalise pixels (the data kind's statistics).</summary>
        public Augmentations.Normalize? Normalization { get; init; }

        /// <summary>Where the class count comes from, when a file decides it (a mask folder's classes.txt or largest mask value).</summary>
        public string? ClassOrigin { get; init; }

        /// <summary>The identity of a file folder's train/test split (null for CIFAR-10), which checkpoints record.</summary>
        public DataSplitFingerprint? Split { get; init; }

        /// <summary>
        /// Training samples held out for validation (<see cref="DataSource.OpenBatches"/>' validationFraction), in order and not augmented;
        /// <see cref="Train"/> then holds the rest. Null: none.
        /// </summary>
        public PrefetchLoader? Validation { get; init; }

        /// <summary>The share of the training split <see cref="Validation"/> was carved with; null: none.</summary>
        public double? ValidationFraction { get; init; }

        /// <summary>The samples in <see cref="Validation"/> (0: none).</summary>
        public int ValidationCount { get; init; }

        /// <summary>Test samples per class where the listing tells them cheaply (class folders); null otherwise.</summary>
        public IReadOnlyList<long>? TestClassCounts { get; init; }
    }
}
