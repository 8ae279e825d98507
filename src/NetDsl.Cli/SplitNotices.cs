using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// What <c>train</c>, <c>--resume</c> and <c>eval --checkpoint</c> say on stderr about a file folder's split: classes no
    /// test image scores, and a folder whose files changed since the run the checkpoint comes from.
    /// </summary>
    internal static class SplitNotices
    {
        /// <summary>Warns about classes with no test image: the test metric says nothing about them.</summary>
        public static void ClassesWithoutTest(CliConsole console, string data, IReadOnlyList<string> classes)
        {
            if (classes.Count == 0) return;
            string names = string.Join(", ", classes.Select(c => "'" + c + "'"));
            console.Error.WriteLine($"warning: {data}: {(classes.Count == 1 ? "class " + names + " has" : "classes " + names + " have")} no test images, " +
                "so the test accuracy does not measure them; add images to their test/ folder (a split folder holds out about a fifth of each class of two or more images)");
        }

        /// <summary>
        /// When the run's recorded split (<paramref name="run"/>) and the folder's today (<paramref name="now"/>) list other files:
        /// how (counts per side) and whether any file the run saw changed sides. <paramref name="evaluating"/>: eval's wording
        /// (its test split), else a resume's (already refused by <see cref="RunSettings.Compare"/> when files moved).
        /// </summary>
        public static void ListingChanged(CliConsole console, string data, RunSettings? run, DataSplitFingerprint? now, bool evaluating)
        {
            if (run?.Split is not { } before || now == null || DataSplitFingerprint.Change(before, now) is not string change) return;
            var moved = DataSource.TryParse(data, out var source) && source.Directory != null
                ? DataSplitFingerprint.Moved(before, now, source.Directory) : new List<string>();
            if (moved.Count > 0)
            {
                console.Error.WriteLine($"warning: {data}: the folder's files changed since the run ({change}), and {moved.Count} of them changed sides " +
                    $"({string.Join(", ", moved.Take(5))}{(moved.Count > 5 ? ", …" : "")}): the test split scored here is not quite the run's");
                return;
            }
            console.Error.WriteLine($"note: {data}: the folder's files changed since the run ({change}); every file the run saw keeps its side " +
                "(each file's side follows from its path alone), so " + (evaluating
                    ? "no image the run trained on is scored here; new files are scored or not as their paths decide"
                    : "no image the run was tested on is trained on; the new files join the side their paths decide"));
        }
    }
}
