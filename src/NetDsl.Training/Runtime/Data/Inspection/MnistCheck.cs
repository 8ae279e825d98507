using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// <see cref="DataCheck"/> for MNIST: each split's two IDX files read by <see cref="IdxReader"/> as training reads them
    /// (no tensors: the check needs the counts, not the pixels), every file's problem noted.
    /// </summary>
    internal static class MnistCheck
    {
        static readonly string[] Digits = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

        public static DataCheckReport Run(DataSource source, FileProblems problems)
        {
            string directory = source.Directory!;
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: MNIST folder not found");
            var files = new List<string>();
            var train = Split("train", directory, "train", problems, files);
            var test = Split("test", directory, "t10k", problems, files);
            var sorted = problems.Sorted();
            int count = files.Concat(sorted.Select(p => p.Path)).Distinct(StringComparer.Ordinal).Count();
            return new DataCheckReport(source.ToString(), Digits, false, train, test, count, sorted);
        }

        static DataSplitCheck Split(string name, string directory, string prefix, FileProblems problems, List<string> files)
        {
            var images = Read(directory, prefix + "-images-idx3-ubyte", IdxReader.ReadImages, problems, files);
            var labels = Read(directory, prefix + "-labels-idx1-ubyte", path => IdxReader.ReadLabels(path), problems, files);
            int samples = images?.Count ?? labels?.Length ?? 0;
            if (images == null || labels == null) return Empty(name, samples);
            try { MnistDataset.CheckCounts(files[^1], labels, images); }
            catch (InvalidDataException e) { problems.Add(files[^1], e.Message); return Empty(name, samples); }
            var perClass = new int[Digits.Length];
            foreach (byte label in labels) perClass[label]++;
            var size = (images.Rows, images.Columns);
            var formats = new SortedDictionary<string, int>(StringComparer.Ordinal) { ["IDX gray"] = images.Count };
            return new DataSplitCheck(name, images.Count, images.Count, perClass, size, size, images.Count > 0 ? 1 : 0, formats, null, 0);
        }

        static DataSplitCheck Empty(string name, int samples) =>
            new(name, samples, 0, new int[Digits.Length], null, null, 0, new SortedDictionary<string, int>(), null, 0);

        /// <summary>The file found and read, or null with its problem noted (a missing file under its plain name).</summary>
        static T? Read<T>(string directory, string name, Func<string, T> read, FileProblems problems, List<string> files) where T : class
        {
            string path = Path.Combine(directory, name);
            try
            {
                path = MnistDataset.Find(directory, name);
                files.Add(path);
                return read(path);
            }
            catch (Exception e) when (FileProblems.IsFileProblem(e)) { problems.Add(path, e.Message); return null; }
        }
    }
}
