using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// A classification set of PNG/JPEG/BMP files, one sub-folder per class (class names are the folder names,
    /// in ordinal order). With <c>train/</c> and <c>test/</c> sub-folders each holds the class folders;
    /// without them the class folders sit at the top and <see cref="FolderSplit"/> holds out about a fifth, file by file by a hash of its path.
    /// A class's images may sit in sub-folders of its folder (as torchvision's ImageFolder walks them); other files are
    /// left out, but an image format NetDsl does not read (GIF, TIFF, WebP, PPM) is an error naming the file.
    /// Files are decoded on each <see cref="Read"/>, at their own size; the loader's pipeline resizes them.
    /// </summary>
    internal sealed class ImageFolderDataset : ISampleSet
    {
        readonly IReadOnlyList<(string Path, int Label)> files;

        public ImageFolderDataset(string name, IReadOnlyList<string> classNames, IReadOnlyList<(string Path, int Label)> files)
        {
            Name = name;
            ClassNames = classNames;
            this.files = files;
        }

        public string Name { get; }
        public int Count => files.Count;
        public IReadOnlyList<string> ClassNames { get; }
        public bool HasMasks => false;

        /// <summary>Images per class, from the listing.</summary>
        public IReadOnlyList<long>? CountClasses(IReadOnlyList<int>? only = null)
        {
            var counts = new long[ClassNames.Count];
            if (only == null) foreach (var (_, label) in files) counts[label]++;
            else foreach (int i in only) counts[files[i].Label]++;
            return counts;
        }

        public IReadOnlyList<(string Path, int Label)> Files => files;

        /// <summary>Every file's class, from the listing (a folder read whole splits by <see cref="ValidationSplit.Files"/>; a subset of it by these).</summary>
        public IReadOnlyList<int>? Labels() => files.Select(f => f.Label).ToArray();

        /// <summary>The identity of the train/test split this set is a side of (<see cref="Open"/> sets it on both).</summary>
        public DataSplitFingerprint? Split { get; init; }

        /// <summary>The one class of an unlabelled folder's images (<see cref="Open"/> with <c>unlabelled</c>).</summary>
        public const string UnlabelledClass = "images";

        /// <summary>
        /// Lists <paramref name="directory"/>'s train and test files. An image of a format NetDsl does not read is an error,
        /// or with <paramref name="problems"/> (a data check) a problem per file, left out of the listing. With
        /// <paramref name="unlabelled"/> (an autoencoder's data: no labels needed) a folder without class folders, whose images
        /// sit directly in it (or in its train/ and test/), is read as one class, <see cref="UnlabelledClass"/>.
        /// </summary>
        public static (ImageFolderDataset Train, ImageFolderDataset Test) Open(string directory, double testFraction = FolderSplit.DefaultTestFraction, FileProblems? problems = null,
            bool unlabelled = false)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: image folder not found");
            string trainDir = Path.Combine(directory, "train"), testDir = Path.Combine(directory, "test");
            bool hasTrain = Directory.Exists(trainDir), hasTest = Directory.Exists(testDir);
            if (hasTrain != hasTest)
                throw new DirectoryNotFoundException(
                    $"{(hasTrain ? testDir : trainDir)}: folder not found; {directory} has {(hasTrain ? "train/" : "test/")} and needs both train/ and test/ (or neither: class folders at the top are split)");
            string Key((string Path, int Label) file) => FolderSplit.Relative(directory, file.Path);
            (ImageFolderDataset, ImageFolderDataset) Both(IReadOnlyList<string> classes, List<(string Path, int Label)> train, List<(string Path, int Label)> test, IReadOnlyList<string>? held = null)
            {
                var split = FolderSplit.Fingerprint(train.Select(Key), test.Select(Key), held);
                return (new ImageFolderDataset("folder train", classes, train) { Split = split }, new ImageFolderDataset("folder test", classes, test) { Split = split });
            }
            if (unlabelled && !SubFolders(hasTrain ? trainDir : directory).Any())
            {
                string[] one = { UnlabelledClass };
                if (hasTrain) return Both(one, Flat(trainDir, problems), Flat(testDir, problems));
                var (trainFiles, testFiles, heldFiles) = FolderSplit.Split(Flat(directory, problems).GroupBy(f => f.Label), Key, testFraction);
                FolderSplit.RequireBoth(directory, trainFiles, testFiles, 1, "images");
                return Both(one, trainFiles, testFiles, heldFiles);
            }
            if (hasTrain)
            {
                string[] classes = ClassFolders(trainDir);
                return Both(classes, List(trainDir, classes, requireAll: true, problems), List(testDir, classes, requireAll: false, problems));
            }
            string[] names = ClassFolders(directory);
            var all = List(directory, names, requireAll: true, problems);
            var (train, test, held) = FolderSplit.Split(all.GroupBy(f => f.Label), Key, testFraction);
            FolderSplit.RequireBoth(directory, train, test, names.Length, "images");
            return Both(names, train, test, held);
        }

        public Sample Read(int index, int channels)
        {
            var (path, label) = files[index];
            return ImageFiles.ToSample(ImageFiles.Decode(path, channels), path, label);
        }

        /// <summary>The images directly in <paramref name="directory"/>, all of class 0 (an unlabelled folder).</summary>
        static List<(string Path, int Label)> Flat(string directory, FileProblems? problems)
        {
            string[] images = ImageFiles.In(directory, problems);
            if (images.Length == 0) throw new InvalidDataException($"{directory}: holds no {ImageFiles.Formats} images (nor class folders)");
            return images.Select(p => (p, 0)).ToList();
        }

        static string[] ClassFolders(string directory)
        {
            string[] classes = SubFolders(directory).Select(d => Path.GetFileName(d)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            if (classes.Length == 0)
                throw new InvalidDataException($"{directory}: no class folders; put each class's images in a sub-folder named after it");
            return classes;
        }

        /// <summary>Sub-folders, less hidden ones (".ipynb_checkpoints", ".thumbnails") that are no class.</summary>
        static IEnumerable<string> SubFolders(string directory) =>
            Directory.GetDirectories(directory).Where(d => !Path.GetFileName(d).StartsWith('.'));

        /// <summary>
        /// Every image under <paramref name="root"/>'s class folders, labelled by the class's position.
        /// A test folder may lack a class, but not name one the train folder does not have.
        /// </summary>
        static List<(string Path, int Label)> List(string root, string[] classes, bool requireAll, FileProblems? problems)
        {
            foreach (string dir in SubFolders(root))
                if (Array.IndexOf(classes, Path.GetFileName(dir)) < 0)
                    throw new InvalidDataException($"{dir}: class folder '{Path.GetFileName(dir)}' is not among the train classes ({string.Join(", ", classes)})");
            var files = new List<(string Path, int Label)>();
            for (int label = 0; label < classes.Length; label++)
            {
                string dir = Path.Combine(root, classes[label]);
                if (!Directory.Exists(dir)) continue;
                string[] images = ImageFiles.Under(dir, problems);
                if (images.Length == 0 && requireAll)
                    throw new InvalidDataException($"{dir}: class folder holds no {ImageFiles.Formats} images");
                files.AddRange(images.Select(p => (p, label)));
            }
            if (files.Count == 0) throw new InvalidDataException($"{root}: holds no {ImageFiles.Formats} images in its class folders");
            return files;
        }
    }
}
