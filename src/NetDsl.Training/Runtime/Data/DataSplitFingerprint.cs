using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// The identity of a file folder's train/test split as a run saw it: each side's file count and a hash (FNV-1a 64, hex)
    /// of its paths relative to the data folder, sorted ordinally and joined by newlines; and <see cref="Held"/>, the files a
    /// split folder's small-class rules put on the other side than their hash (<c>test:circle/003.png</c>, see
    /// <see cref="FolderSplit"/>). Checkpoints record it, so <c>--resume</c> and <c>eval --checkpoint</c> can tell whether the
    /// folder's listing changed since.
    /// </summary>
    public sealed record DataSplitFingerprint(int Train, int Test, string TrainHash, string TestHash)
    {
        /// <summary>Files the small-class rules moved ("test:KEY" or "train:KEY"); null when none.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<string>? Held { get; init; }

        /// <summary>Whether both sides list the same files.</summary>
        public bool SameFiles(DataSplitFingerprint other) =>
            Train == other.Train && Test == other.Test && TrainHash == other.TrainHash && TestHash == other.TestHash;

        /// <summary>
        /// The files of <paramref name="now"/> (the folder <paramref name="directory"/> today) that sit on another side than in
        /// <paramref name="run"/>: a file the run's split held on one side that is still there but no longer held, or one held
        /// now that the run did not hold, which was on its hash's side then if it existed (a class that lost its test images).
        /// A file's side is otherwise its path's hash alone, which no addition or removal changes.
        /// </summary>
        public static IReadOnlyList<string> Moved(DataSplitFingerprint run, DataSplitFingerprint now, string directory)
        {
            var before = new HashSet<string>(run.Held ?? System.Array.Empty<string>());
            var after = new HashSet<string>(now.Held ?? System.Array.Empty<string>());
            static string Key(string held) => held.Substring(held.IndexOf(':') + 1);
            bool Exists(string key) => File.Exists(Path.Combine(directory, key));
            return before.Where(h => !after.Contains(h) && Exists(Key(h)))
                .Concat(after.Where(h => !before.Contains(h)))
                .Select(Key).Distinct().OrderBy(k => k, System.StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// What changed between the run's listing and today's, for a notice: null when the same files are listed, else e.g.
        /// "train 233 → 241 files (+8), test 58 → 60 (+2)".
        /// </summary>
        public static string? Change(DataSplitFingerprint run, DataSplitFingerprint now)
        {
            if (run.SameFiles(now)) return null;
            static string Side(string name, int before, int after, bool same, string unit) =>
                before != after ? $"{name} {before} → {after}{unit} ({(after > before ? "+" : "")}{after - before})"
                : $"{name} {after}{unit}{(same ? "" : " (as many, but not the same: files renamed or replaced)")}";
            return Side("train", run.Train, now.Train, run.TrainHash == now.TrainHash, " files") + ", " + Side("test", run.Test, now.Test, run.TestHash == now.TestHash, "");
        }
    }
}
