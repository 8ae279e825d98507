using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Which training samples are held out for validation (<see cref="Training.TrainerOptions.ValidationFraction"/>): carved from the
    /// training split only, so the test split stays unseen by model selection and is scored once at the end.
    /// </summary>
    public static class ValidationSplit
    {
        /// <summary>The largest fraction accepted: more would leave less to train on than is held out.</summary>
        public const double MaxFraction = 0.5;

        /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="option"/> for a fraction outside (0, 0.5].</summary>
        public static void Check(double fraction, string option)
        {
            if (!(fraction > 0 && fraction <= MaxFraction))
                throw new ArgumentException($"{option} is {fraction}; it must lie in (0, {MaxFraction}] (a share of the training split held out for validation; null: none)", option);
        }

        /// <summary>
        /// The validation samples of <paramref name="count"/> training samples, ascending: per class (<paramref name="labels"/>; null: one
        /// group) the first round(fraction × size) of a permutation seeded by <paramref name="seed"/>, at least one from a group of two or
        /// more and never a group's last sample, so every class is both trained on and validated where it can be.
        /// </summary>
        public static int[] Indices(int count, double fraction, int seed, IReadOnlyList<int>? labels = null)
        {
            Check(fraction, nameof(fraction));
            var chosen = new List<int>();
            var groups = Enumerable.Range(0, count).GroupBy(i => labels == null ? 0 : labels[i]).OrderBy(g => g.Key);
            foreach (var group in groups)
            {
                var members = group.ToArray();
                // Its own stream per class, distinct from SampleSubset's streams (0 and 1), so adding a class moves no other class's samples.
                var random = new Random(unchecked(seed * 7919 + 2 + group.Key * 104_729));
                for (int i = members.Length - 1; i > 0; i--)
                {
                    int j = random.Next(i + 1);
                    (members[i], members[j]) = (members[j], members[i]);
                }
                chosen.AddRange(members.Take(Take(members.Length, fraction)));
            }
            var result = chosen.ToArray();
            Array.Sort(result);
            return result;
        }

        /// <summary>How many of a group of <paramref name="size"/> go to validation: round(fraction × size), at least 1 and at most size − 1 (none of a single).</summary>
        static int Take(int size, double fraction) => size < 2 ? 0 : Math.Clamp((int)Math.Round(fraction * size, MidpointRounding.AwayFromZero), 1, size - 1);

        /// <summary>
        /// Whether the file at <paramref name="relativePath"/> (relative to its folder, as the train/test split hashes it) is validation: its
        /// hash with a salt of its own, so the side does not depend on the seed or on other files, and adding files moves none.
        /// </summary>
        public static bool IsValidationFile(string relativePath, double fraction) => FolderSplit.Position("validation:" + relativePath) < fraction;

        /// <summary>
        /// <paramref name="train"/> split into what still trains and the validation samples (<see cref="Indices"/>, stratified by label when the
        /// targets are class labels); new tensors, <paramref name="train"/> is left as it was.
        /// </summary>
        public static (LabeledImages Train, LabeledImages Validation) Carve(LabeledImages train, double fraction, int seed)
        {
            var targets = train.Targets;
            int[]? labels = targets.dim() == 1 && targets.dtype == TorchSharp.torch.ScalarType.Int64
                ? targets.cpu().data<long>().Select(l => (int)l).ToArray() : null;
            var held = Indices(train.Count, fraction, seed, labels);
            if (held.Length == 0) throw new ArgumentException($"{train.Count} training samples leave none for validation at fraction {fraction}", nameof(train));
            return (Select(train, Rest(train.Count, held)), Select(train, held));
        }

        static LabeledImages Select(LabeledImages set, int[] indices)
        {
            using var index = TorchSharp.torch.tensor(indices.Select(i => (long)i).ToArray());
            return new LabeledImages(set.Images.index_select(0, index), set.Targets.index_select(0, index), set.SampleShape, set.ClassNames);
        }

        /// <summary>
        /// The validation files among <paramref name="files"/> (relative path, class), ascending: those <see cref="IsValidationFile"/> holds out,
        /// except that a class all of whose files would go keeps its highest-hash file to train on (the train/test split's small-class rule).
        /// </summary>
        public static int[] Files(IReadOnlyList<(string RelativePath, int Label)> files, double fraction)
        {
            // One pass per file and class (a folder may hold a hundred thousand files of one class).
            var held = new HashSet<int>(Enumerable.Range(0, files.Count).Where(i => IsValidationFile(files[i].RelativePath, fraction)));
            foreach (var ofClass in Enumerable.Range(0, files.Count).GroupBy(i => files[i].Label))
                if (ofClass.All(held.Contains))
                    held.Remove(ofClass.MaxBy(i => FolderSplit.Position("validation:" + files[i].RelativePath)));
            var result = held.ToArray();
            Array.Sort(result);
            return result;
        }

        /// <summary>The complement of <paramref name="chosen"/> (ascending) in 0..<paramref name="count"/>-1.</summary>
        internal static int[] Rest(int count, IReadOnlyCollection<int> chosen)
        {
            var held = new HashSet<int>(chosen);
            return Enumerable.Range(0, count).Where(i => !held.Contains(i)).ToArray();
        }
    }
}
