using System;
using System.IO;
using System.Runtime.InteropServices;

namespace NetDsl.Runtime.Data
{
    /// <summary>A folder's real path, every symbolic link in it resolved (POSIX <c>realpath</c>), to walk a tree of links once.</summary>
    internal static class RealPaths
    {
        /// <summary>The real path of <paramref name="path"/>; its full path where the platform cannot tell (Windows) or it does not resolve.</summary>
        public static string Of(string path)
        {
            string full = Path.GetFullPath(path);
            if (OperatingSystem.IsWindows()) return new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
            IntPtr resolved = RealPath(full, IntPtr.Zero);
            if (resolved == IntPtr.Zero) return full;
            try { return Marshal.PtrToStringUTF8(resolved) ?? full; }
            finally { Free(resolved); }
        }

        /// <summary>Whether the folder <paramref name="outer"/> is <paramref name="inner"/> or holds it (both real paths).</summary>
        public static bool Holds(string outer, string inner) =>
            inner == outer || inner.StartsWith(outer.EndsWith(Path.DirectorySeparatorChar) ? outer : outer + Path.DirectorySeparatorChar, StringComparison.Ordinal);

        [DllImport("libc", EntryPoint = "realpath", CharSet = CharSet.Ansi)]
        static extern IntPtr RealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

        [DllImport("libc", EntryPoint = "free")]
        static extern void Free(IntPtr pointer);
    }
}
