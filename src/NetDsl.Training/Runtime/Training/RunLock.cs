using System;
using System.Globalization;
using System.IO;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// An exclusive claim on a run's output folder, held while a run trains into it: an OS lock on
    /// <c>.netdsl.lock</c> (flock on Unix, a share lock on Windows), which the kernel drops when the process
    /// ends however it ends, so a killed run never leaves a stale lock. Creating the folder and the lock file
    /// also proves the folder is writable before any work starts.
    /// </summary>
    public sealed class RunLock : IDisposable
    {
        /// <summary>The lock file's name in the run folder.</summary>
        public const string FileName = ".netdsl.lock";
        readonly FileStream stream;

        RunLock(FileStream stream, string directory)
        {
            this.stream = stream;
            Directory = directory;
        }

        /// <summary>The folder this claims.</summary>
        public string Directory { get; }

        /// <summary>Claims <paramref name="directory"/> (created if missing), or throws an <see cref="IOException"/> saying why not.</summary>
        public static RunLock Acquire(string directory)
        {
            string path = Path.Combine(directory, FileName);
            if (File.Exists(directory))
                throw new IOException($"{directory}: is a file, not a folder; choose another TrainerOptions.OutDir (nothing was changed)")
                    .WithCommandLine($"{directory}: is a file, not a folder; choose another --out (nothing was changed)");
            try
            {
                System.IO.Directory.CreateDirectory(directory);
                // Deleted on close (unlinked while still locked), so a finished run leaves no lock file; a killed one
                // leaves the file but not the lock.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
                try
                {
                    stream.SetLength(0);
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
                    stream.Flush();
                    return new RunLock(stream, directory);
                }
                catch
                {
                    stream.Dispose();
                    throw;
                }
            }
            catch (IOException e) when (e.HResult == unchecked((int)0x80070020) || e.HResult == 11 /* EWOULDBLOCK */)
            {
                throw new IOException($"{directory}: another training run is writing to this folder (it holds {path}); wait for it to end or choose another TrainerOptions.OutDir", e)
                    .WithCommandLine($"{directory}: another training run is writing to this folder (it holds {path}); wait for it to end or choose another --out");
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                throw new IOException($"{directory}: cannot write to the output folder ({e.Message}); choose another TrainerOptions.OutDir", e)
                    .WithCommandLine($"{directory}: cannot write to the output folder ({e.Message}); choose another --out");
            }
        }

        /// <summary>
        /// Claims <paramref name="directory"/> for a run: without <paramref name="resume"/> a folder that already holds a
        /// run (a checkpoint, best weights or metrics) is refused with an <see cref="ExistingRunException"/>, nothing in it
        /// touched, both before the lock is taken and again under it (a run that finished in between); then the folder is
        /// held as <see cref="Acquire"/> holds it. Every training run that writes an output folder goes through here.
        /// </summary>
        public static RunLock Claim(string directory, bool resume)
        {
            if (!resume) RefuseExistingRun(directory);
            var claim = Acquire(directory);
            try
            {
                if (!resume) RefuseExistingRun(directory);
                return claim;
            }
            catch
            {
                claim.Dispose();
                throw;
            }
        }

        /// <summary>The files that make a folder hold a run: the last checkpoint, the best one, the metrics table.</summary>
        public static IReadOnlyList<string> RunFileNames { get; } = new[] { Checkpoint.FileName, Checkpoint.BestFileName, RunFiles.MetricsCsv };

        static void RefuseExistingRun(string directory)
        {
            var found = RunFileNames.Where(f => File.Exists(Path.Combine(directory, f))).ToArray();
            if (found.Length > 0) throw new ExistingRunException(directory, found, FreeSibling(directory));
        }

        /// <summary>DIR-2, DIR-3, … : the first that does not exist yet.</summary>
        static string FreeSibling(string directory)
        {
            string trimmed = directory.TrimEnd('/', '\\');
            for (int n = 2; ; n++)
            {
                string candidate = trimmed + "-" + n.ToString(CultureInfo.InvariantCulture);
                if (!System.IO.Directory.Exists(candidate) && !File.Exists(candidate)) return candidate;
            }
        }

        /// <summary>Releases the folder.</summary>
        public void Dispose() => stream.Dispose();
    }
}
