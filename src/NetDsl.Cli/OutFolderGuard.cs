using System.Globalization;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// Keeps <c>train</c> from losing a run: a folder that already holds one (a checkpoint, best weights or
    /// metrics) is refused without <c>--resume</c>, nothing in it touched; the folder is then claimed with a
    /// <see cref="RunLock"/> (so a second run into it at the same time is refused, and an unwritable --out is
    /// named before the first step).
    /// </summary>
    internal static class OutFolderGuard
    {
        static readonly string[] RunFileNames = { Checkpoint.FileName, Checkpoint.BestFileName, RunFiles.MetricsCsv };

        public static RunLock Claim(TrainerOptions options)
        {
            string directory = options.OutDir!;
            if (!options.Resume) RefuseExistingRun(directory);
            var claim = RunLock.Acquire(directory);
            try
            {
                // Again under the lock: a run that finished between the first look and the claim.
                if (!options.Resume) RefuseExistingRun(directory);
                return claim;
            }
            catch
            {
                claim.Dispose();
                throw;
            }
        }

        static void RefuseExistingRun(string directory)
        {
            var found = RunFileNames.Select(f => Path.Combine(directory, f)).Where(File.Exists).Select(Path.GetFileName).ToArray();
            if (found.Length == 0) return;
            throw new CliUsageException(
                $"{directory}: already holds a run ({string.Join(", ", found)}); nothing was changed. " +
                $"Add --resume to continue it, or train into another folder (--out {FreeSibling(directory)})");
        }

        /// <summary>DIR-2, DIR-3, … : the first that does not exist yet.</summary>
        static string FreeSibling(string directory)
        {
            string trimmed = directory.TrimEnd('/', '\\');
            for (int n = 2; ; n++)
            {
                string candidate = trimmed + "-" + n.ToString(CultureInfo.InvariantCulture);
                if (!Directory.Exists(candidate) && !File.Exists(candidate)) return candidate;
            }
        }
    }
}
