using System;
using System.IO;

namespace NetDsl.Files
{
    /// <summary>
    /// Words a failed write by the file the user named, not the hidden temporary it went through (.NET's messages end in
    /// <c>: '/dir/.NAME.GUID.tmp'</c>), and checks before any work that a folder takes files at all.
    /// </summary>
    internal static class WriteFailure
    {
        /// <summary>
        /// The operating system's reason for <paramref name="e"/>, the innermost I/O failure, without the path .NET appends
        /// (<c>: '/dir/.NAME.GUID.tmp'</c>, wherever it is quoted): "No space left on device", "Read-only file system", "access denied".
        /// </summary>
        public static string Reason(Exception e)
        {
            while (e.InnerException is IOException or UnauthorizedAccessException) e = e.InnerException;
            if (e is UnauthorizedAccessException) return "access denied";
            // .NET quotes the path it failed on ("… : '/dir/.NAME.GUID.tmp'", "Could not find a part of the path '…'.").
            return System.Text.RegularExpressions.Regex.Replace(e.Message, @"\s*:?\s*'[^']*'", "").TrimEnd('.', ' ');
        }

        /// <summary>
        /// <paramref name="e"/> (a failed write of <paramref name="path"/> through a temporary) as an exception of the same kind
        /// naming <paramref name="path"/>; the original is its inner exception.
        /// </summary>
        public static Exception Naming(string path, Exception e)
        {
            string message = $"{path}: cannot be written ({Reason(e)}); an earlier {Path.GetFileName(path)} there is left as it was";
            return e is UnauthorizedAccessException ? new UnauthorizedAccessException(message, e) : new IOException(message, e);
        }

        /// <summary>
        /// Why files cannot be created in <paramref name="folder"/> (or, while it does not exist yet, in the nearest folder above
        /// it that does: where it would be created), found by creating and removing a hidden file there; null when they can.
        /// A read-only file system or a folder without write permission is found before a command does its work.
        /// </summary>
        public static string? FolderProblem(string folder)
        {
            string? existing = Path.GetFullPath(folder);
            while (existing != null && !Directory.Exists(existing)) existing = Path.GetDirectoryName(existing);
            if (existing == null) return null;
            string probe = Path.Combine(existing, ".netdsl-write-check." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"cannot write to {existing} ({Reason(e)})";
            }
        }
    }
}
