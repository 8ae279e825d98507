using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Divides the files of a folder that has no train/ and test/ sub-folders, file by file: a file's side is decided by a
    /// hash of its path relative to the data folder (<c>circle/001.png</c>, its class folder included), as TFDS's and Keras's
    /// hash-based splits do, so adding or removing files never moves another file between train and test, and the split
    /// needs no seed (the run's seed takes no part: <c>eval</c> and runs with other seeds score the same held-out files).
    /// The hash is FNV-1a 64 of the path's UTF-8 bytes ('/' between folders) passed through SplitMix64's finalizer; its top
    /// 53 bits as a fraction in [0, 1) below the test fraction put the file in test. The exported train.py computes the same.
    /// Small groups: a group (a class) none of whose files falls in train has its highest-fraction file kept in train, and a
    /// group of two or more none of whose files falls in test has its lowest-fraction file held in test, so every class is
    /// trained on and every class of two or more images is scored; only those two rules depend on the group's other files.
    /// </summary>
    internal static class FolderSplit
    {
        public const double DefaultTestFraction = 0.2;

        /// <summary>
        /// Both parts of a split folder must hold something: otherwise names the folder, the split left empty
        /// and what to add (<paramref name="what"/>: "images", "image/mask pairs").
        /// </summary>
        public static void RequireBoth<T>(string directory, List<T> train, List<T> test, int groups, string what)
        {
            if (train.Count > 0 && test.Count > 0) return;
            string empty = test.Count == 0 ? "test" : "train";
            throw new InvalidDataException(
                $"{directory}: too small to split: {train.Count + test.Count} {what}{(groups > 1 ? $" in {groups} classes" : "")} leave the {empty} split empty; " +
                $"the {(int)(DefaultTestFraction * 100)}% test split needs at least 2 {what} per {(groups > 1 ? "class" : "folder")}, or put the files under train/ and test/");
        }

        /// <summary><paramref name="path"/> relative to <paramref name="root"/>, with '/' between folders (the split's and the fingerprint's key).</summary>
        public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

        /// <summary>Where <paramref name="relativePath"/> falls in [0, 1): below the test fraction is test.</summary>
        public static double Position(string relativePath) => (Mix(Fnv1a(Encoding.UTF8.GetBytes(relativePath))) >> 11) * (1.0 / (1UL << 53));

        /// <summary>
        /// Splits each group (e.g. each class) file by file by <see cref="Position"/> of its <paramref name="key"/> (the path
        /// relative to the data folder), keeping listing order; see the class summary for small groups. <see cref="SplitResult{T}.Held"/>
        /// names the files those rules moved, as "test:KEY" or "train:KEY".
        /// </summary>
        public static SplitResult<T> Split<T>(IEnumerable<IGrouping<int, T>> groups, Func<T, string> key, double testFraction = DefaultTestFraction)
        {
            if (testFraction <= 0 || testFraction >= 1)
                throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "the test fraction must lie strictly between 0 and 1");
            var train = new List<T>();
            var test = new List<T>();
            var held = new List<string>();
            foreach (var group in groups.OrderBy(g => g.Key))
            {
                var items = group.Select(item => (Item: item, Key: key(item), At: Position(key(item)))).ToArray();
                var inTest = items.Select(i => i.At < testFraction).ToArray();
                if (items.Length > 0 && inTest.All(t => t))
                {
                    int last = Enumerable.Range(0, items.Length).OrderByDescending(i => items[i].At).ThenBy(i => items[i].Key, StringComparer.Ordinal).First();
                    inTest[last] = false;
                    held.Add("train:" + items[last].Key);
                }
                if (items.Length >= 2 && !inTest.Any(t => t))
                {
                    int first = Enumerable.Range(0, items.Length).OrderBy(i => items[i].At).ThenBy(i => items[i].Key, StringComparer.Ordinal).First();
                    inTest[first] = true;
                    held.Add("test:" + items[first].Key);
                }
                for (int i = 0; i < items.Length; i++) (inTest[i] ? test : train).Add(items[i].Item);
            }
            return new SplitResult<T>(train, test, held);
        }

        /// <summary>FNV-1a, 64 bits.</summary>
        internal static ulong Fnv1a(ReadOnlySpan<byte> bytes)
        {
            ulong hash = 0xCBF29CE484222325UL;
            foreach (byte b in bytes) hash = (hash ^ b) * 0x100000001B3UL;
            return hash;
        }

        /// <summary>SplitMix64's finalizer (FNV-1a's high bits barely move when only a name's last characters differ).</summary>
        static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }

        /// <summary>
        /// The identity of a folder's split: each side's file count and a hash of its sorted relative paths, and the files
        /// the small-group rules moved (<paramref name="held"/>).
        /// </summary>
        public static DataSplitFingerprint Fingerprint(IEnumerable<string> trainKeys, IEnumerable<string> testKeys, IReadOnlyList<string>? held = null)
        {
            static (int, string) Of(IEnumerable<string> keys)
            {
                var sorted = keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
                return (sorted.Count, Fnv1a(Encoding.UTF8.GetBytes(string.Join("\n", sorted))).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            }
            var (trainCount, trainHash) = Of(trainKeys);
            var (testCount, testHash) = Of(testKeys);
            return new DataSplitFingerprint(trainCount, testCount, trainHash, testHash) { Held = held is { Count: > 0 } ? held.ToArray() : null };
        }
    }

    /// <summary>A split's two sides and the files <see cref="FolderSplit"/>'s small-group rules moved ("test:KEY", "train:KEY").</summary>
    internal sealed record SplitResult<T>(List<T> Train, List<T> Test, IReadOnlyList<string> Held);
}
