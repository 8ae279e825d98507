using System;
using System.Linq;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;

namespace NetDsl.Runtime.Data
{
    /// <summary>Where a data source's samples come from.</summary>
    public enum DataKind
    {
        /// <summary>The built-in synthetic shapes set (generated in memory from the seed).</summary>
        Shapes,
        /// <summary>MNIST's IDX files in a folder (loaded into memory).</summary>
        Mnist,
        /// <summary>CIFAR-10's binary batches in a folder (decoded as training goes).</summary>
        Cifar10,
        /// <summary>train/ and test/ folders with one sub-folder of PNG/JPEG images per class.</summary>
        ImageFolder,
        /// <summary><c>images/</c> and <c>masks/</c> folders for segmentation.</summary>
        MaskFolder,
    }

    /// <summary>
    /// A data set to train or evaluate on: the built-in <see cref="Shapes"/> set, or a folder read as
    /// <see cref="Mnist"/>, <see cref="Cifar10"/>, <see cref="ImageFolder"/> or <see cref="MaskFolder"/>. The
    /// in-memory kinds load with <see cref="Load"/>; the file-backed rest stream through <see cref="OpenBatches"/>.
    /// </summary>
    public sealed record DataSource
    {
        DataSource(DataKind kind, string? directory) { Kind = kind; Directory = directory; }

        /// <summary>Which kind of data set.</summary>
        public DataKind Kind { get; }

        /// <summary>The folder read, or null for the built-in shapes set.</summary>
        public string? Directory { get; }

        /// <summary>The built-in synthetic shapes set.</summary>
        public static DataSource Shapes { get; } = new DataSource(DataKind.Shapes, null);
        /// <summary>MNIST's IDX files in <paramref name="directory"/>.</summary>
        public static DataSource Mnist(string directory) => InFolder(DataKind.Mnist, directory);
        /// <summary>CIFAR-10's binary batches in <paramref name="directory"/>.</summary>
        public static DataSource Cifar10(string directory) => InFolder(DataKind.Cifar10, directory);
        /// <summary>PNG/JPEG images in <paramref name="directory"/>, a sub-folder per class (train/ and test/, or split 80/20).</summary>
        public static DataSource ImageFolder(string directory) => InFolder(DataKind.ImageFolder, directory);
        /// <summary>Images and per-pixel class masks (images/ and masks/) in <paramref name="directory"/>, for segmentation.</summary>
        public static DataSource MaskFolder(string directory) => InFolder(DataKind.MaskFolder, directory);

        /// <summary>Whether this is the built-in shapes set.</summary>
        public bool IsShapes => Kind == DataKind.Shapes;
        /// <summary>Whether this is MNIST.</summary>
        public bool IsMnist => Kind == DataKind.Mnist;

        /// <summary>
        /// How this kind of data's pixels are normalised for training, evaluation and prediction alike: the shapes set's and
        /// MNIST's own statistics, CIFAR-10's for cifar10, ImageNet's for image and mask folders (as torchvision's references).
        /// </summary>
        public Normalize Normalization => Kind switch
        {
            DataKind.Shapes => Normalize.Shapes,
            DataKind.Mnist => Normalize.Mnist,
            DataKind.Cifar10 => Normalize.Cifar10,
            _ => Normalize.ImageNet,
        };

        /// <summary>Whether batches come from <see cref="OpenBatches"/> (decoded from files as training goes).</summary>
        public bool IsFileBacked => Kind is DataKind.Cifar10 or DataKind.ImageFolder or DataKind.MaskFolder;

        /// <summary>Whether targets are masks (segmentation) rather than class labels.</summary>
        public bool IsSegmentation => Kind == DataKind.MaskFolder;

        /// <summary>The short lower-case name of the kind (<c>shapes</c>, <c>mnist</c>, <c>cifar10</c>, <c>folder</c>, <c>maskfolder</c>).</summary>
        public string KindName => Kind switch
        {
            DataKind.Mnist => "mnist",
            DataKind.Cifar10 => "cifar10",
            DataKind.ImageFolder => "folder",
            DataKind.MaskFolder => "maskfolder",
            _ => "shapes",
        };

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
        /// throws then, from the batch enumeration, naming the file. Images are normalised with the data kind's statistics
        /// (<see cref="Normalization"/>) unless <paramref name="normalize"/> names others (a model trained on other data).
        /// With <paramref name="unlabelled"/> (an autoencoder: it needs no labels) a <c>folder:</c> without class folders is
        /// read as one class of the images directly in it (or in its train/ and test/). With <paramref name="trainImages"/> or
        /// <paramref name="testImages"/> that split is a subset of so many samples drawn with <paramref name="seed"/>, kept in the
        /// files' order (the same seed draws the same samples; <see cref="FileBatches.Subset"/> says which); more than the split
        /// holds throws <see cref="DataSubsetException"/>. With <paramref name="validationFraction"/> (0 to 0.5) that share of the training
        /// split (after a subset) is held out as <see cref="FileBatches.Validation"/>: a whole <c>folder:</c>'s files by a salted hash of their
        /// relative path (the seed takes no part, and adding files moves none), CIFAR-10 and a subset of labelled data per class (round(fraction ×
        /// the class's samples), by a permutation drawn with <paramref name="seed"/>), a mask folder by such a permutation of the whole split.
        /// </summary>
        public FileBatches OpenBatches(TensorShape input, int batchSize, int seed, AugmentationOptions? augment = null, PrefetchOptions? prefetch = null,
            Normalize? normalize = null, bool unlabelled = false, int? trainImages = null, int? testImages = null, double? validationFraction = null)
        {
            if (validationFraction is double vf && vf != 0) ValidationSplit.Check(vf, nameof(validationFraction));
            if (!IsFileBacked) throw new InvalidOperationException($"{this}: in-memory data is loaded with Load, not OpenBatches");
            if (!input.Is2d || (input.C != 1 && input.C != 3))
                throw new ArgumentException($"{this}: image data needs a model input of 1xHxW or 3xHxW, not {input}");
            ISampleSet train, test;
            normalize ??= Normalization;
            switch (Kind)
            {
                case DataKind.Cifar10: (train, test) = Cifar10Dataset.Open(Directory!); break;
                case DataKind.ImageFolder: (train, test) = ImageFolderDataset.Open(Directory!, unlabelled: unlabelled); break;
                default: (train, test) = MaskFolderDataset.Open(Directory!); break;
            }
            string? classOrigin = (train as MaskFolderDataset)?.ClassOrigin;
            // The whole split's identity (recorded in checkpoints), before a subset draws it down.
            var split = (train as ImageFolderDataset)?.Split ?? (train as MaskFolderDataset)?.Split;
            bool labelledFolder = test is ImageFolderDataset;
            var subset = trainImages == null && testImages == null ? null : new DataSubset(trainImages, train.Count, testImages, test.Count, seed);
            train = SampleSubset.Of(train, trainImages, seed, "train");
            test = SampleSubset.Of(test, testImages, seed, "test");
            ISampleSet? validation = null;
            if (validationFraction is double fraction && fraction != 0) (train, validation) = CarveValidation(train, fraction, seed);
            var trainPipeline = (augment ?? AugmentationOptions.Standard).Training(input, normalize);
            var testPipeline = AugmentationOptions.Evaluation(input, normalize);
            return new FileBatches(KindName,
                new PrefetchLoader(train, input.C, trainPipeline, batchSize, shuffle: true, seed, prefetch),
                new PrefetchLoader(test, input.C, testPipeline, batchSize, shuffle: false, seed, prefetch),
                train.ClassNames, train.HasMasks, train.Count, test.Count)
            {
                ClassOrigin = classOrigin, Normalization = normalize, CountTrainClasses = () => train.CountClasses(), Subset = subset,
                Split = split, TestClassCounts = labelledFolder ? test.CountClasses() : null,
                Validation = validation == null ? null : new PrefetchLoader(validation, input.C, testPipeline, batchSize, shuffle: false, seed, prefetch),
                ValidationFraction = validation == null ? null : validationFraction, ValidationCount = validation?.Count ?? 0,
            };
        }

        /// <summary>
        /// The training set split into what trains and what validates (<see cref="ValidationSplit"/>): a whole class folder by its files'
        /// path hashes; CIFAR-10 and any subset of labelled data per class by their labels (<see cref="ISampleSet.Labels"/>, read without
        /// decoding images); a mask folder, whose samples have no one label, by a seeded share of the whole split.
        /// </summary>
        (ISampleSet Train, ISampleSet Validation) CarveValidation(ISampleSet train, double fraction, int seed)
        {
            int[] held = train is ImageFolderDataset folder
                ? ValidationSplit.Files(folder.Files.Select(f => (FolderSplit.Relative(Directory!, f.Path), f.Label)).ToList(), fraction)
                : ValidationSplit.Indices(train.Count, fraction, seed, train.Labels());
            if (held.Length == 0 || held.Length == train.Count)
                throw new ArgumentException($"{this}: validationFraction {fraction} of {train.Count} training images leaves {(held.Length == 0 ? "none for validation" : "none to train on")}; " +
                                            "use a larger fraction or more images", "validationFraction");
            return (SampleSubset.Of(train, ValidationSplit.Rest(train.Count, held), train.Name), SampleSubset.Of(train, held, train.Name + " validation"));
        }

        static readonly (string Prefix, Func<string, DataSource> Make)[] Folders =
        {
            ("mnist", Mnist), ("cifar10", Cifar10), ("folder", ImageFolder), ("maskfolder", MaskFolder),
        };

        /// <summary>
        /// Reads <see cref="ToString"/>'s spelling back (<c>shapes</c>, <c>mnist:DIR</c>, <c>cifar10:DIR</c>, <c>folder:DIR</c>,
        /// <c>maskfolder:DIR</c>, as checkpoints record the data a run trained on); false for anything else.
        /// </summary>
        public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DataSource? source)
        {
            source = text == "shapes" ? Shapes : null;
            foreach (var (prefix, make) in Folders)
                if (source == null && text.StartsWith(prefix + ":", StringComparison.Ordinal) && text.Length > prefix.Length + 1)
                    source = make(text.Substring(prefix.Length + 1));
            return source != null;
        }

        /// <summary><c>shapes</c>, or the kind and folder as <c>kind:DIR</c> (e.g. <c>mnist:/data/mnist</c>).</summary>
        public override string ToString() => Directory == null ? KindName : KindName + ":" + Directory;

        static DataSource InFolder(DataKind kind, string directory)
        {
            if (string.IsNullOrEmpty(directory)) throw new ArgumentException($"a {kind} data source needs a folder", nameof(directory));
            return new DataSource(kind, directory);
        }
    }
}
