using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using StbImageSharp;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// A segmentation set: <c>images/</c> and <c>masks/</c> with matching file names (the extensions may
    /// differ, e.g. <c>a.jpg</c> and <c>a.png</c>); a mask's pixel value is the class index. Either at the
    /// top (a fixed part is held out, see <see cref="FolderSplit"/>) or under <c>train/</c> and <c>test/</c>.
    /// Class names come from <c>classes.txt</c> (one per line) next to them; without it the classes are
    /// 0..max, the largest value found in the masks. 255 is void (Pascal VOC's object borders): such pixels belong to no
    /// class, the loss and the metrics leave them out (<see cref="Training.SegmentationTask.Void"/>), so 255 classes at most.
    /// </summary>
    internal sealed class MaskFolderDataset : ISampleSet
    {
        public const string ClassesFile = "classes.txt";
        readonly IReadOnlyList<(string Image, string Mask)> pairs;

        public MaskFolderDataset(string name, IReadOnlyList<string> classNames, IReadOnlyList<(string Image, string Mask)> pairs, string? classOrigin = null)
        {
            ClassOrigin = classOrigin;
            Name = name;
            ClassNames = classNames;
            this.pairs = pairs;
        }

        public string Name { get; }
        public int Count => pairs.Count;
        public IReadOnlyList<string> ClassNames { get; }
        public bool HasMasks => true;

        /// <summary>Where the class count comes from: classes.txt, or the mask holding the largest value (for messages).</summary>
        public string? ClassOrigin { get; }

        public IReadOnlyList<(string Image, string Mask)> Pairs => pairs;

        // No Labels(): a sample's target is a mask of many classes, not one label, so a validation split of a mask folder (or of a
        // subset of one) is a seeded share of the whole split, not per class (ISampleSet.Labels' default, null).

        /// <summary>The identity of the train/test split this set is a side of, by the images' paths (<see cref="Open"/> sets it on both).</summary>
        public DataSplitFingerprint? Split { get; init; }

        /// <summary>
        /// Mask pixels per class, void (255) left out, at the masks' own size (the shares <c>data check</c> reports): decodes
        /// every mask (<see cref="CountMaskPixels"/>), so only balanced class weights ask (<see cref="FileBatches.TrainClassCounts"/>
        /// counts on first use).
        /// </summary>
        public IReadOnlyList<long>? CountClasses(IReadOnlyList<int>? only = null)
        {
            var histogram = CountMaskPixels(only?.Count ?? pairs.Count, new System.Threading.Tasks.ParallelOptions(), k =>
            {
                string maskPath = pairs[only?[k] ?? k].Mask;
                var (mask, width, _) = ReadMask(maskPath);
                for (int p = 0; p < mask.Length; p++)
                    if (mask[p] >= ClassNames.Count && mask[p] != Training.SegmentationTask.Void)
                        throw new InvalidDataException(
                            $"{maskPath}: pixel ({p % width}, {p / width}) holds class {mask[p]}, outside 0..{ClassNames.Count - 1} (and not {Training.SegmentationTask.Void}, void)");
                return mask;
            });
            return histogram.Take(ClassNames.Count).ToArray();
        }

        /// <summary>
        /// The one mask-pixel histogram (256 bins: class index, 255 void) of masks 0..<paramref name="count"/>-1, read by
        /// <paramref name="maskOf"/> on the workers (null: no mask, e.g. the sample could not be read). Sums are order-free, so the
        /// result does not depend on scheduling. <see cref="CountClasses"/> (balanced class weights) and <c>data check</c> both count with it.
        /// </summary>
        internal static long[] CountMaskPixels(int count, System.Threading.Tasks.ParallelOptions parallel, Func<int, byte[]?> maskOf)
        {
            var histogram = new long[256];
            System.Threading.Tasks.Parallel.For(0, count, parallel, () => new long[256], (i, _, local) =>
            {
                if (maskOf(i) is { } mask) foreach (byte v in mask) local[v]++;
                return local;
            }, local =>
            {
                lock (histogram) for (int v = 0; v < local.Length; v++) histogram[v] += local[v];
            });
            return histogram;
        }

        /// <summary>
        /// Lists <paramref name="directory"/>'s image/mask pairs and finds the classes. An image of another format, an image
        /// without a mask or (without classes.txt) an unreadable mask is an error; with <paramref name="problems"/> (a data
        /// check) each is a problem instead: the file or image left out, an unreadable mask kept (reading it fails again, alike).
        /// </summary>
        public static (MaskFolderDataset Train, MaskFolderDataset Test) Open(string directory, double testFraction = FolderSplit.DefaultTestFraction, FileProblems? problems = null)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: mask folder not found");
            List<(string Image, string Mask)> train, test;
            IReadOnlyList<string>? held = null;
            string Key((string Image, string Mask) pair) => FolderSplit.Relative(directory, pair.Image);
            if (Directory.Exists(Path.Combine(directory, "train")))
            {
                train = FindPairs(Path.Combine(directory, "train"), problems);
                string testDir = Path.Combine(directory, "test");
                if (!Directory.Exists(testDir)) throw new DirectoryNotFoundException($"{testDir}: folder not found; {directory} has train/ and needs test/ too");
                test = FindPairs(testDir, problems);
            }
            else
            {
                var all = FindPairs(directory, problems);
                (train, test, held) = FolderSplit.Split(all.GroupBy(_ => 0), Key, testFraction);
                FolderSplit.RequireBoth(directory, train, test, 1, "image/mask pairs");
            }
            var (names, origin) = FindClassNames(directory, train.Concat(test), problems);
            var split = FolderSplit.Fingerprint(train.Select(Key), test.Select(Key), held);
            return (new MaskFolderDataset("maskfolder train", names, train, origin) { Split = split }, new MaskFolderDataset("maskfolder test", names, test, origin) { Split = split });
        }

        public Sample Read(int index, int channels)
        {
            var (imagePath, maskPath) = pairs[index];
            var image = ImageFiles.ToSample(ImageFiles.Decode(imagePath, channels), imagePath, 0);
            var (mask, width, height) = ReadMask(maskPath);
            if (width != image.Width || height != image.Height)
                throw new InvalidDataException($"{maskPath}: mask is {width}x{height} but its image {Path.GetFileName(imagePath)} is {image.Width}x{image.Height}");
            for (int i = 0; i < mask.Length; i++)
                if (mask[i] >= ClassNames.Count && mask[i] != Training.SegmentationTask.Void)
                    throw new InvalidDataException(
                        $"{maskPath}: pixel ({i % width}, {i / width}) holds class {mask[i]}, outside 0..{ClassNames.Count - 1} (and not {Training.SegmentationTask.Void}, void)");
            return image with { Mask = mask };
        }

        /// <summary>
        /// One class index per pixel: a gray PNG, a colour one whose channels agree, or a palette PNG whose palette index is
        /// the class (Pascal VOC's masks; PIL reads them so). JPEG (lossy: it changes values along every edge) and 16-bit
        /// PNG (its values would be cut to 8 bits) are refused by name.
        /// </summary>
        static (byte[] Mask, int Width, int Height) ReadMask(string path)
        {
            byte[] bytes = ImageFiles.ReadBytes(path);
            if (JpegCheck.HasSignature(bytes))
                throw new InvalidDataException($"{path}: a JPEG mask; JPEG's lossy compression changes class values along every edge, so masks must be PNG");
            if (BmpCheck.HasSignature(bytes))
                throw new InvalidDataException($"{path}: a BMP mask; masks are PNG (gray or palette, as Pascal VOC's and the exported train.py read them), so save it as PNG");
            ImageFiles.Validate(path, bytes);
            if (PngCheck.BitDepth(bytes) == 16)
                throw new InvalidDataException(
                    $"{path}: a 16-bit PNG mask; masks are read as 8-bit class indices (0..255), so save it as 8-bit (PIL: Image.fromarray(mask.astype(numpy.uint8)))");
            // Checked above; a palette mask's rewrite keeps every chunk but the palette and recomputes that one's CRC.
            ImageResult decoded = ImageFiles.DecodeChecked(path, PngCheck.WithIndexPalette(bytes) ?? bytes, 0);
            int components = (int)decoded.Comp, plane = decoded.Width * decoded.Height;
            var mask = new byte[plane];
            for (int i = 0; i < plane; i++)
            {
                byte v = decoded.Data[i * components];
                if (components >= 3 && (decoded.Data[i * components + 1] != v || decoded.Data[i * components + 2] != v))
                    throw new InvalidDataException(
                        $"{path}: pixel ({i % decoded.Width}, {i / decoded.Width}) is a colour; masks hold one class index per pixel (grayscale)");
                mask[i] = v;
            }
            return (mask, decoded.Width, decoded.Height);
        }

        /// <summary>The mask's values; with <paramref name="problems"/> an unreadable one is noted there (none) rather than thrown.</summary>
        static byte[] ReadMaskOrNote(string path, FileProblems? problems)
        {
            if (problems == null) return ReadMask(path).Mask;
            try { return ReadMask(path).Mask; }
            catch (Exception e) when (FileProblems.IsFileProblem(e)) { problems.Add(path, e.Message); return Array.Empty<byte>(); }
        }

        /// <summary>Each image in <c>images/</c> with its mask in <c>masks/</c>; a missing mask is an error.</summary>
        static List<(string Image, string Mask)> FindPairs(string root, FileProblems? problems)
        {
            string images = Path.Combine(root, "images"), masks = Path.Combine(root, "masks");
            if (!Directory.Exists(images)) throw new DirectoryNotFoundException($"{images}: folder not found; a mask folder holds images/ and masks/");
            if (!Directory.Exists(masks)) throw new DirectoryNotFoundException($"{masks}: folder not found; a mask folder holds images/ and masks/");
            var byStem = ImageFiles.In(masks, problems).GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var pairs = new List<(string Image, string Mask)>();
            foreach (string image in ImageFiles.In(images, problems))
            {
                string stem = Path.GetFileNameWithoutExtension(image);
                if (byStem.TryGetValue(stem, out string? mask)) { pairs.Add((image, mask)); continue; }
                string missing = $"{image}: no mask for this image; expected {Path.Combine(masks, stem + ".png")}";
                if (problems == null) throw new FileNotFoundException(missing, image);
                problems.Add(image, missing);
            }
            if (pairs.Count == 0) throw new InvalidDataException($"{images}: holds no {ImageFiles.Formats} images");
            return pairs;
        }

        static (IReadOnlyList<string> Names, string Origin) FindClassNames(string directory, IEnumerable<(string Image, string Mask)> pairs, FileProblems? problems)
        {
            string listed = Path.Combine(directory, ClassesFile);
            if (File.Exists(listed))
            {
                var names = File.ReadAllLines(listed).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
                if (names.Length < 2) throw new InvalidDataException($"{listed}: lists {names.Length} class names; segmentation needs at least 2");
                if (names.Length > Training.SegmentationTask.Void)
                    throw new InvalidDataException($"{listed}: lists {names.Length} class names; a mask holds classes 0..254 (255 is void)");
                return (names, $"{listed} lists {names.Length}");
            }
            // No list: one pass over the masks finds the largest class index (checking them early, too).
            int max = 1;
            string? holder = null;
            foreach (var (_, mask) in pairs)
                foreach (byte v in ReadMaskOrNote(mask, problems))
                    if (v > max && v != Training.SegmentationTask.Void) (max, holder) = (v, mask);
            var found = Enumerable.Range(0, max + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return (found, holder == null ? "masks hold only 0 and 1" : $"{holder} holds class {max}; no {ClassesFile} lists the classes");
        }
    }
}
