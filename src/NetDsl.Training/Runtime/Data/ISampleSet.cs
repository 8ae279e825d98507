using System.Collections.Generic;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// An indexed set of samples read on demand (from memory or from files). <see cref="Read"/> may be
    /// called from several threads at once and must return the same sample for the same index every time.
    /// </summary>
    internal interface ISampleSet
    {
        /// <summary>A short name for messages, e.g. "cifar10 train".</summary>
        string Name { get; }

        int Count { get; }

        IReadOnlyList<string> ClassNames { get; }

        /// <summary>Whether samples carry a segmentation mask (targets are masks, not labels).</summary>
        bool HasMasks { get; }

        /// <summary>
        /// Samples per class (a class folder's listing, CIFAR's labels), or a mask folder's pixels per class (every mask decoded:
        /// ask only when needed), of samples <paramref name="only"/> where given (a subset's); null where the set does not count.
        /// </summary>
        IReadOnlyList<long>? CountClasses(IReadOnlyList<int>? only = null) => null;

        /// <summary>
        /// Every sample's class label, in order, read without decoding an image (CIFAR's label bytes, a class folder's listing), so a
        /// validation split can be drawn per class (<see cref="ValidationSplit.Indices"/>); null where a sample has no one label (a mask
        /// folder's segmentation masks) or the set cannot tell cheaply.
        /// </summary>
        IReadOnlyList<int>? Labels() => null;

        /// <summary>
        /// Sample <paramref name="index"/> with <paramref name="channels"/> channels (1: grayscale, 3: RGB;
        /// converted when the source has the other), at its native size. Problems with the underlying file
        /// are <see cref="System.IO.InvalidDataException"/>s whose message starts with the file's path.
        /// </summary>
        Sample Read(int index, int channels);
    }
}
