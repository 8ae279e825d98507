using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// CIFAR-10's binary version: <c>data_batch_1.bin</c> … <c>data_batch_5.bin</c> (train; those present)
    /// and <c>test_batch.bin</c>, each a run of 3073-byte records (one label byte, then 32x32 red, green
    /// and blue planes). Class names come from <c>batches.meta.txt</c> when present. The folder may be the
    /// one holding the files or its parent (the archive unpacks into <c>cifar-10-batches-bin</c>).
    /// Records stay as bytes in memory (150 MB for the full train set) and become floats per sample.
    /// </summary>
    internal sealed class Cifar10Dataset : ISampleSet
    {
        public const int Side = 32, Channels = 3, ClassTotal = 10;
        public const int RecordSize = 1 + Channels * Side * Side;
        public static readonly string[] DefaultClassNames =
            { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" };

        readonly List<(string Path, byte[] Bytes)> files;
        readonly int[] starts;   // first record index of each file, for Read's look-up

        Cifar10Dataset(string name, List<(string Path, byte[] Bytes)> files, IReadOnlyList<string> classNames)
        {
            Name = name;
            this.files = files;
            ClassNames = classNames;
            starts = new int[files.Count];
            int total = 0;
            for (int i = 0; i < files.Count; i++) { starts[i] = total; total += files[i].Bytes.Length / RecordSize; }
            Count = total;
        }

        public string Name { get; }
        public int Count { get; }
        public IReadOnlyList<string> ClassNames { get; }
        public bool HasMasks => false;

        /// <summary>Records per class: every record's first byte is its label.</summary>
        public IReadOnlyList<long>? CountClasses(IReadOnlyList<int>? only = null)
        {
            var counts = new long[ClassNames.Count];
            if (only != null)
            {
                foreach (int index in only)
                {
                    var (bytes, at) = Record(index);
                    counts[bytes[at]]++;
                }
                return counts;
            }
            foreach (var (_, bytes) in files)
                for (int at = 0; at < bytes.Length; at += RecordSize) counts[bytes[at]]++;
            return counts;
        }

        /// <summary>Every record's label: its first byte (no pixel is read).</summary>
        public IReadOnlyList<int>? Labels()
        {
            var labels = new int[Count];
            int i = 0;
            foreach (var (_, bytes) in files)
                for (int at = 0; at < bytes.Length; at += RecordSize) labels[i++] = bytes[at];
            return labels;
        }

        /// <summary>The file bytes holding record <paramref name="index"/> and where it starts in them.</summary>
        (byte[] Bytes, int At) Record(int index)
        {
            int file = Array.BinarySearch(starts, index);
            if (file < 0) file = ~file - 1;
            return (files[file].Bytes, (index - starts[file]) * RecordSize);
        }

        /// <summary>
        /// Reads and checks the train and test files of <paramref name="directory"/>. A truncated or corrupt file is an error,
        /// or with <paramref name="problems"/> (a data check) a problem, that file left out.
        /// </summary>
        public static (Cifar10Dataset Train, Cifar10Dataset Test) Open(string directory, FileProblems? problems = null)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: CIFAR-10 folder not found");
            string nested = Path.Combine(directory, "cifar-10-batches-bin");
            if (!File.Exists(Path.Combine(directory, "test_batch.bin")) && Directory.Exists(nested)) directory = nested;

            var names = ReadClassNames(Path.Combine(directory, "batches.meta.txt"));
            var train = Enumerable.Range(1, 5).Select(i => Path.Combine(directory, $"data_batch_{i}.bin")).Where(File.Exists).ToList();
            if (train.Count == 0 && (File.Exists(Path.Combine(directory, "data_batch_1")) || Directory.Exists(Path.Combine(directory, "cifar-10-batches-py"))))
                throw new FileNotFoundException(
                    $"{directory}: holds CIFAR-10's python version (pickled batches, as torchvision downloads it); cifar10: reads the binary version " +
                    "(cifar-10-binary.tar.gz: data_batch_1.bin … data_batch_5.bin, test_batch.bin)");
            if (train.Count == 0)
                throw new FileNotFoundException($"{Path.Combine(directory, "data_batch_1.bin")}: file not found (CIFAR-10 train files are data_batch_1.bin … data_batch_5.bin)");
            string test = Path.Combine(directory, "test_batch.bin");
            if (!File.Exists(test)) throw new FileNotFoundException($"{test}: file not found", test);
            return (new Cifar10Dataset("cifar10 train", ReadAll(train, problems), names),
                    new Cifar10Dataset("cifar10 test", ReadAll(new[] { test }, problems), names));
        }

        public Sample Read(int index, int channels)
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} holds {Count} records");
            int file = Array.BinarySearch(starts, index);
            if (file < 0) file = ~file - 1;
            var (path, bytes) = files[file];
            int record = index - starts[file], at = record * RecordSize;
            var rgb = new float[Channels * Side * Side];
            for (int i = 0; i < rgb.Length; i++) rgb[i] = bytes[at + 1 + i] / 255f;
            var sample = new Sample(rgb, Channels, Side, Side, bytes[at], null, $"{path} record {record}");
            return ChannelConversion.To(sample, channels);
        }

        /// <summary>The files read; with <paramref name="problems"/> a bad one is noted there and left out rather than thrown.</summary>
        static List<(string Path, byte[] Bytes)> ReadAll(IEnumerable<string> paths, FileProblems? problems)
        {
            var read = new List<(string, byte[])>();
            foreach (string path in paths)
            {
                if (problems == null) { read.Add(ReadRecords(path)); continue; }
                try { read.Add(ReadRecords(path)); }
                catch (Exception e) when (FileProblems.IsFileProblem(e)) { problems.Add(path, e.Message); }
            }
            return read;
        }

        /// <summary>The batch files read, in order.</summary>
        public IEnumerable<string> Paths => files.Select(f => f.Path);

        /// <summary>The file's bytes, after checking its length and every label.</summary>
        static (string, byte[]) ReadRecords(string path)
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (IOException e) { throw new InvalidDataException($"{path}: cannot be read: {e.Message}", e); }
            if (bytes.Length == 0) throw new InvalidDataException($"{path}: empty file; CIFAR-10 files hold 3073-byte records");
            if (bytes.Length % RecordSize != 0)
                throw new InvalidDataException(
                    $"{path}: truncated or corrupt: {bytes.Length} bytes is not a whole number of {RecordSize}-byte records (record {bytes.Length / RecordSize} is cut short)");
            for (int r = 0, n = bytes.Length / RecordSize; r < n; r++)
                if (bytes[r * RecordSize] >= ClassTotal)
                    throw new InvalidDataException($"{path}: label {bytes[r * RecordSize]} in record {r} is outside 0..{ClassTotal - 1}");
            return (path, bytes);
        }

        /// <summary>batches.meta.txt: one class name per line (blank lines ignored), else the usual ten.</summary>
        static IReadOnlyList<string> ReadClassNames(string path)
        {
            if (!File.Exists(path)) return DefaultClassNames;
            var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            if (names.Length != ClassTotal)
                throw new InvalidDataException($"{path}: lists {names.Length} class names; CIFAR-10 has {ClassTotal}");
            return names;
        }
    }
}
