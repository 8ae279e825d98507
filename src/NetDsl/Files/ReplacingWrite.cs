using System;
using System.IO;

namespace NetDsl.Files
{
    /// <summary>
    /// Writes a file whole or not at all: into a hidden temporary beside it (<c>.NAME.GUID.tmp</c>, the pattern a run folder's
    /// clean-up looks for), flushed to disk, then renamed over the target. A failed or interrupted write never leaves a
    /// truncated file where an earlier one was; the file's missing parent folders are created.
    /// </summary>
    internal static class ReplacingWrite
    {
        /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>.</summary>
        public static void Text(string path, string text) => Bytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

        /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
        public static void Bytes(string path, byte[] bytes) => To(path, file => file.Write(bytes));

        /// <summary>
        /// Test seam: called with each path as its temporary is about to be written; a throw stands for a write that fails there
        /// (a full disk), so tests prove what a failed write leaves and says without filling a disk.
        /// </summary>
        internal static readonly System.Threading.AsyncLocal<Action<string>?> Writing = new();

        /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, which fills the stream it is given.</summary>
        public static void To(string path, Action<Stream> write)
        {
            using var file = new ReplacingFile(path);
            file.Write(write);
            file.Commit();
        }

        /// <summary>
        /// A new hidden temporary in <paramref name="path"/>'s folder (created), <c>.NAME.GUID.tmp</c>: the one pattern a run folder's
        /// clean-up looks for, and beside its target so the rename never crosses file systems.
        /// </summary>
        internal static string TemporaryBeside(string path)
        {
            string full = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(directory);
            return Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        }

        /// <summary>Deletes a temporary left by a failed write, best effort: the write's own failure is the one to report.</summary>
        internal static void Remove(string temporary)
        {
            try { if (File.Exists(temporary)) File.Delete(temporary); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // the write's own failure is the one to report
        }
    }
}
