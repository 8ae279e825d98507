using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// A pre-flight for a data set: lists it as training does and reads every sample of train and test through the same
    /// <see cref="ISampleSet.Read"/> (same file checks, decoders, channel conversion and mask rules), noting every file
    /// training would stop at instead of stopping at the first, and summing up what the set holds (counts per class, sizes,
    /// formats, mask class shares). The in-memory shapes set is counted only.
    /// </summary>
    public static class DataCheck
    {
        /// <summary>
        /// Checks <paramref name="source"/>. A set that cannot be listed at all (no folder, no class folders, a test/ without
        /// train/) throws as <see cref="DataSource.OpenBatches"/> does; bad files are the report's <see cref="DataCheckReport.Problems"/>.
        /// </summary>
        public static DataCheckReport Run(DataSource source, DataCheckOptions? options = null) => Run(source, options, null);

        /// <summary>
        /// <see cref="Run(DataSource, DataCheckOptions?)"/>, telling <paramref name="progress"/> after each sample read (a large folder
        /// takes a while): called from the reading threads, several at once, so it must be thread-safe (not a UI-bound
        /// <see cref="Progress{T}"/>). The shapes set and MNIST, counted or read whole, report nothing.
        /// </summary>
        public static DataCheckReport Run(DataSource source, DataCheckOptions? options, IProgress<DataCheckProgress>? progress)
        {
            options ??= new DataCheckOptions();
            options.Validate();
            var problems = new FileProblems();
            switch (source.Kind)
            {
                case DataKind.Shapes:
                    return new DataCheckReport(source.ToString(), ShapeKinds.Names, false,
                        DataSplitCheck.CountOnly("train", ShapesDataset.DefaultTrainCount), DataSplitCheck.CountOnly("test", ShapesDataset.DefaultTestCount),
                        0, Array.Empty<DataProblem>());
                case DataKind.Mnist:
                    return MnistCheck.Run(source, problems);
                case DataKind.Cifar10:
                {
                    var (train, test) = Cifar10Dataset.Open(source.Directory!, problems);
                    var files = train.Paths.Concat(test.Paths).ToList();
                    // Records are checked as the files are read (Open); reading them cannot fail after that.
                    return Decode(source, train, test, options, problems, progress, files, (_, _) => new[] { source.Directory! }, (_, _) => "CIFAR-10 RGB");
                }
                case DataKind.ImageFolder:
                {
                    var (train, test) = ImageFolderDataset.Open(source.Directory!, problems: problems);
                    var files = train.Files.Concat(test.Files).Select(f => f.Path).ToList();
                    return Decode(source, train, test, options, problems, progress, files,
                        (set, i) => new[] { ((ImageFolderDataset)set).Files[i].Path }, (set, i) => ImageHeader.Describe(((ImageFolderDataset)set).Files[i].Path));
                }
                default:
                {
                    var (train, test) = MaskFolderDataset.Open(source.Directory!, problems: problems);
                    var files = train.Pairs.Concat(test.Pairs).SelectMany(p => new[] { p.Image, p.Mask }).ToList();
                    return Decode(source, train, test, options, problems, progress, files,
                        (set, i) => new[] { ((MaskFolderDataset)set).Pairs[i].Image, ((MaskFolderDataset)set).Pairs[i].Mask },
                        (set, i) => ImageHeader.Describe(((MaskFolderDataset)set).Pairs[i].Image));
                }
            }
        }

        static DataCheckReport Decode(DataSource source, ISampleSet train, ISampleSet test, DataCheckOptions options, FileProblems problems,
            IProgress<DataCheckProgress>? progress, IEnumerable<string> listed, Func<ISampleSet, int, string[]> pathsOf, Func<ISampleSet, int, string> formatOf)
        {
            var trainCheck = Decode("train", train, options, problems, progress, pathsOf, formatOf);
            var testCheck = Decode("test", test, options, problems, progress, pathsOf, formatOf);
            var sorted = problems.Sorted();
            int files = listed.Concat(sorted.Select(p => p.Path)).Distinct(StringComparer.Ordinal).Count();
            return new DataCheckReport(source.ToString(), train.ClassNames, train.HasMasks, trainCheck, testCheck, files, sorted);
        }

        /// <summary>Reads every sample of <paramref name="set"/> on the workers; sums are order-free, so the result does not depend on scheduling.</summary>
        static DataSplitCheck Decode(string name, ISampleSet set, DataCheckOptions options, FileProblems problems, IProgress<DataCheckProgress>? progress,
            Func<ISampleSet, int, string[]> pathsOf, Func<ISampleSet, int, string> formatOf)
        {
            int done = 0;
            void Done() { if (progress != null) progress.Report(new DataCheckProgress(name, System.Threading.Interlocked.Increment(ref done), set.Count)); }
            var read = new (int Label, int Height, int Width, string Format)?[set.Count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveWorkers };
            var maskCounts = MaskFolderDataset.CountMaskPixels(set.Count, parallel, i =>
            {
                try
                {
                    var sample = set.Read(i, options.Channels);
                    read[i] = (sample.Label, sample.Height, sample.Width, formatOf(set, i));
                    Done();
                    return sample.Mask;
                }
                catch (Exception e) when (FileProblems.IsFileProblem(e)) { problems.Add(PathOf(pathsOf(set, i), e.Message), e.Message); Done(); return null; }
            });
            return Summarize(name, set, read, maskCounts);
        }

        static DataSplitCheck Summarize(string name, ISampleSet set, (int Label, int Height, int Width, string Format)?[] read, long[] maskCounts)
        {
            var ok = read.Where(r => r != null).Select(r => r!.Value).ToList();
            var perClass = new int[set.HasMasks ? 0 : set.ClassNames.Count];
            if (!set.HasMasks) foreach (var r in ok) perClass[r.Label]++;
            var formats = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in ok) formats[r.Format] = formats.GetValueOrDefault(r.Format) + 1;
            (int, int)? min = ok.Count == 0 ? null : (ok.Min(r => r.Height), ok.Min(r => r.Width));
            (int, int)? max = ok.Count == 0 ? null : (ok.Max(r => r.Height), ok.Max(r => r.Width));
            int distinct = ok.Select(r => (r.Height, r.Width)).Distinct().Count();
            long[]? pixels = set.HasMasks ? maskCounts.Take(set.ClassNames.Count).ToArray() : null;
            return new DataSplitCheck(name, set.Count, ok.Count, perClass, min, max, distinct, formats, pixels,
                set.HasMasks ? maskCounts[Training.SegmentationTask.Void] : 0);
        }

        /// <summary>The sample's file the message names (an image or its mask), else its first.</summary>
        static string PathOf(string[] paths, string message) =>
            paths.FirstOrDefault(p => p.Length > 0 && message.StartsWith(p + ":", StringComparison.Ordinal)) ?? paths[0];
    }
}
