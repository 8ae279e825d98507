using System;
using System.Globalization;
using System.IO;

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

        RunLock(FileStream stream) => this.stream = stream;

        /// <summary>Claims <paramref name="directory"/> (created if missing), or throws an <see cref="IOException"/> saying why not.</summary>
        public static RunLock Acquire(string directory)
        {
            string path = Path.Combine(directory, FileName);
            try
            {
                Directory.CreateDirectory(directory);
                // Deleted on close (unlinked while still locked), so a finished run leaves no lock file; a killed one
                // leaves the file but not the lock.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
                try
                {
                    stream.SetLength(0);
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
                    stream.Flush();
                    return new RunLock(stream);
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

        /// <summary>Releases the folder.</summary>
        public void Dispose() => stream.Dispose();
    }
}
