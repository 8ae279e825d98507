using System;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// A parsed <c>--data</c> value: <c>shapes</c>, <c>mnist:DIR</c>, <c>cifar10:DIR</c> (CIFAR-10 binary),
    /// <c>folder:DIR</c> (one sub-folder of PNG/JPEG images per class) or <c>maskfolder:DIR</c>
    /// (<c>images/</c> and <c>masks/</c> for segmentation). The first two load into memory with
    /// <see cref="Load"/>; the file-backed rest stream through <see cref="OpenBatches"/>.
    /// </summary>
    public sealed record DataSource(string Kind, string? Directory)
    {
        static readonly string[] DirectoryKinds = { "mnist", "cifar10", "folder", "maskfolder" };

        public static DataSource Shapes { get; } = new DataSource("shapes", null);

        public bool IsShapes => Kind == "shapes";
        public bool IsMnist => Kind == "mnist";

        /// <summary>Whether batches come from <see cref="OpenBatches"/> (decoded from files as training goes).</summary>
        public bool IsFileBacked => Kind is "cifar10" or "folder" or "maskfolder";

        /// <summary>Whether targets are masks (segmentation) rather than class labels.</summary>
        public bool IsSegmentation => Kind == "maskfolder";

        /// <summary>Parses the value or throws an <see cref="ArgumentException"/> naming it.</summary>
        public static DataSource Parse(string text)
        {
            if (text == "shapes") return Shapes;
            foreach (string kind in DirectoryKinds)
                if (text.StartsWith(kind + ":", StringComparison.Ordinal) && text.Length > kind.Length + 1)
                    return new DataSource(kind, text.Substring(kind.Length + 1));
            throw new ArgumentException($"unknown data source '{text}'; use shapes, mnist:DIR, cifar10:DIR, folder:DIR or maskfolder:DIR");
        }

        /// <summary>Loads train and test splits shaped for <paramref name="input"/> (shapes and mnist only).</summary>
        public DataSplits Load(TensorShape input, int seed, int shapesTrain = ShapesDataset.DefaultTrainCount, int shapesTest = ShapesDataset.DefaultTestCount)
        {
            if (IsFileBacked) throw new InvalidOperationException($"{this}: file-backed data is read through OpenBatches, not loaded into memory");
            return IsMnist ? MnistDataset.Load(Directory!, input) : ShapesDataset.Load(input, seed, shapesTrain, shapesTest);
        }

        /// <summary>
        /// Opens a file-backed source (<c>cifar10</c>, <c>folder</c>, <c>maskfolder</c>) as train and test
        /// <see cref="IBatchSource"/>s for a model whose input is <paramref name="input"/> (CxHxW, C 1 or 3):
        /// images are converted to C channels, resized to HxW (masks nearest-neighbour) and normalized
        /// (CIFAR-10's statistics for cifar10, ImageNet's otherwise). Train batches are shuffled per epoch
        /// from <paramref name="seed"/> and augmented with <paramref name="augment"/> (default
        /// <see cref="AugmentationOptions.Standard"/>: crop with padding and horizontal flip); test batches
        /// are neither. Decoding runs on <paramref name="prefetch"/>'s workers (default one). Files are
        /// listed and checked here (a missing file, a truncated CIFAR-10 file, an out-of-range label throw
        /// now, naming the file); images themselves are decoded while batches are produced, and a bad one
        /// throws then, from the batch enumeration, naming the file.
        /// </summary>
        public FileBatches OpenBatches(TensorShape input, int batchSize, int seed, AugmentationOptions? augment = null, PrefetchOptions? prefetch = null)
        {
            if (!IsFileBacked) throw new InvalidOperationException($"{this}: in-memory data is loaded with Load, not OpenBatches");
            if (!input.IsMap || (input.C != 1 && input.C != 3))
                throw new ArgumentException($"{this}: image data needs a model input of 1xHxW or 3xHxW, not {input}");
            ISampleSet train, test;
            Normalize normalize = Normalize.ImageNet;
            switch (Kind)
            {
                case "cifar10": (train, test) = Cifar10Dataset.Open(Directory!); normalize = Normalize.Cifar10; break;
                case "folder": (train, test) = ImageFolderDataset.Open(Directory!); break;
                default: (train, test) = MaskFolderDataset.Open(Directory!); break;
            }
            var trainPipeline = (augment ?? AugmentationOptions.Standard).Training(input, normalize);
            var testPipeline = AugmentationOptions.Evaluation(input, normalize);
            return new FileBatches(Kind,
                new PrefetchLoader(train, input.C, trainPipeline, batchSize, shuffle: true, seed, prefetch),
                new PrefetchLoader(test, input.C, testPipeline, batchSize, shuffle: false, seed, prefetch),
                train.ClassNames, train.HasMasks, train.Count, test.Count);
        }

        public override string ToString() => Directory == null ? Kind : Kind + ":" + Directory;
    }
}
