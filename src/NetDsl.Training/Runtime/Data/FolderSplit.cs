using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Divides the files of a folder that has no train/ and test/ sub-folders. The split uses a fixed seed,
    /// not the run's: <c>eval</c> and runs with other seeds must score the same held-out files.
    /// </summary>
    internal static class FolderSplit
    {
        public const double DefaultTestFraction = 0.2;
        public const int SplitSeed = 20_240_601;

        /// <summary>
        /// Both parts of a split folder must hold something: otherwise names the folder, the split left empty
        /// and what to add (<paramref name="what"/>: "images", "image/mask pairs").
        /// </summary>
        public static void RequireBoth<T>(string directory, List<T> train, List<T> test, int groups, string what)
        {
            if (train.Count > 0 && test.Count > 0) return;
            string empty = test.Count == 0 ? "test" : "train";
            throw new System.IO.InvalidDataException(
                $"{directory}: too small to split: {train.Count + test.Count} {what}{(groups > 1 ? $" in {groups} classes" : "")} leave the {empty} split empty; " +
                $"the {(int)(DefaultTestFraction * 100)}% test split needs at least 2 {what} per {(groups > 1 ? "class" : "folder")}, or put the files under train/ and test/");
        }

        /// <summary>
        /// Puts a seeded random <paramref name="testFraction"/> of each group (e.g. each class) into the
        /// test part, at least one when the group has two or more items, so every class is scored.
        /// </summary>
        public static (List<T> Train, List<T> Test) Split<T>(IEnumerable<IGrouping<int, T>> groups, double testFraction = DefaultTestFraction)
        {
            if (testFraction <= 0 || testFraction >= 1)
                throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "the test fraction must lie strictly between 0 and 1");
            var train = new List<T>();
            var test = new List<T>();
            foreach (var group in groups.OrderBy(g => g.Key))
            {
                T[] items = group.ToArray();
                // Seeded by the group alone, not the folder's path: "data/pets" and its absolute path split alike.
                SampleSeeds.ForSplit(SplitSeed, group.Key).Shuffle(items);
                int held = items.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(items.Length * testFraction));
                test.AddRange(items.Take(held));
                train.AddRange(items.Skip(held));
            }
            return (train, test);
        }
    }
}
