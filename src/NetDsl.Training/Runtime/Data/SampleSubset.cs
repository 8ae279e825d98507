using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Part of a file-backed set (<see cref="DataSource.OpenBatches"/>' trainImages and testImages, <c>train --train-images</c>):
    /// a seeded draw of N samples, kept in the set's own order. The same seed and set give the same samples, so a resumed run
    /// re-reads the subset it trained on.
    /// </summary>
    internal sealed class SampleSubset : ISampleSet
    {
        readonly ISampleSet all;
        readonly int[] indices;

        SampleSubset(ISampleSet all, int[] indices)
        {
            this.all = all;
            this.indices = indices;
        }

        readonly string? name;

        /// <summary>Samples <paramref name="indices"/> of <paramref name="set"/> (ascending), named <paramref name="name"/> in messages: a validation split's two sides.</summary>
        internal static ISampleSet Of(ISampleSet set, int[] indices, string name) => new SampleSubset(set, indices, name);

        SampleSubset(ISampleSet all, int[] indices, string name) : this(all, indices) => this.name = name;

        public string Name => name ?? all.Name;
        public int Count => indices.Length;
        public IReadOnlyList<string> ClassNames => all.ClassNames;
        public bool HasMasks => all.HasMasks;

        public IReadOnlyList<long>? CountClasses(IReadOnlyList<int>? only = null) =>
            all.CountClasses(only == null ? indices : only.Select(i => indices[i]).ToArray());

        /// <summary>The underlying set's labels of this subset's samples (null where it has none).</summary>
        public IReadOnlyList<int>? Labels() => all.Labels() is { } labels ? indices.Select(i => labels[i]).ToArray() : null;

        public Sample Read(int index, int channels) => all.Read(indices[index], channels);

        /// <summary>
        /// <paramref name="count"/> of <paramref name="set"/>'s samples drawn with <paramref name="seed"/> (null: the whole set);
        /// <paramref name="split"/> (train or test) draws its own stream and names the split in a refusal.
        /// </summary>
        public static ISampleSet Of(ISampleSet set, int? count, int seed, string split)
        {
            if (count is not int n) return set;
            if (n < 1) throw new ArgumentOutOfRangeException(split + "Images", n, $"a {split} subset needs at least one image, not {n}");
            if (n > set.Count) throw new DataSubsetException(split, n, set.Count, set.Name);
            return new SampleSubset(set, Draw(set.Count, n, seed, split == "test" ? 1 : 0));
        }

        /// <summary>
        /// <paramref name="count"/> distinct indices of 0..<paramref name="available"/>-1, ascending: the first of a seeded
        /// Fisher–Yates shuffle (System.Random with a fixed seed draws the same on every run and platform).
        /// </summary>
        internal static int[] Draw(int available, int count, int seed, int stream)
        {
            var order = new int[available];
            for (int i = 0; i < available; i++) order[i] = i;
            var random = new Random(unchecked(seed * 2 + stream));
            for (int i = 0; i < count; i++)
            {
                int j = random.Next(i, available);
                (order[i], order[j]) = (order[j], order[i]);
            }
            var chosen = order.Take(count).ToArray();
            Array.Sort(chosen);
            return chosen;
        }
    }

    /// <summary>A seeded subset of file data (<see cref="DataSource.OpenBatches"/>): how many images of each split were drawn (null: all).</summary>
    public sealed record DataSubset(int? Train, int TrainAvailable, int? Test, int TestAvailable, int Seed)
    {
        /// <summary>As the run header states it: <c>train 100 of 450, test all 50 images (seed 0)</c>.</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "train {0}, test {1} images (seed {2})",
            Part(Train, TrainAvailable), Part(Test, TestAvailable), Seed);

        static string Part(int? drawn, int available) => drawn is int n
            ? n.ToString(CultureInfo.InvariantCulture) + " of " + available.ToString(CultureInfo.InvariantCulture)
            : "all " + available.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A subset asked for more images than its split holds (<see cref="DataSource.OpenBatches"/>' trainImages or testImages).</summary>
    public sealed class DataSubsetException : ArgumentException
    {
        /// <summary>A refusal of <paramref name="requested"/> images of split <paramref name="split"/>, which holds <paramref name="available"/>.</summary>
        public DataSubsetException(string split, int requested, int available, string setName)
            : base($"{split}Images {requested}: {setName} holds {available} images; ask for at most {available}, or null for all of them")
        {
            Split = split;
            Requested = requested;
            Available = available;
        }

        /// <summary><c>train</c> or <c>test</c>.</summary>
        public string Split { get; }

        /// <summary>The images asked for.</summary>
        public int Requested { get; }

        /// <summary>The images the split holds.</summary>
        public int Available { get; }
    }
}
