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

        /// <summary>Training samples per class where the listing tells them (class folders, CIFAR-10's labels); null for masks.</summary>
        public IReadOnlyList<long>? TrainClassCounts { get; init; }

        /// <summary>How the pipelines normalise pixels (the data kind's statistics).</summary>
        public Augmentations.Normalize? Normalization { get; init; }

        /// <summary>Where the class count comes from, when a file decides it (a mask folder's classes.txt or largest mask value).</summary>
        public string? ClassOrigin { get; init; }
    }
}
