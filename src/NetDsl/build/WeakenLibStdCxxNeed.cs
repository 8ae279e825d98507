// Build step shipped with NetDsl (see README, "Native loading on Debian 12").
//
// TorchSharp 0.107's libLibTorchSharp.so declares a need for GLIBCXX_3.4.32 (GCC 13), but Debian 12
// ships GCC 12's libstdc++ (GLIBCXX_3.4.30), so the dynamic loader refuses the library. The only
// symbol behind that version is std::ios_base_library_init, which is referenced and never called.
// Marking that one version need weak (VER_FLG_WEAK in .gnu.version_r) lets the loader accept a
// libstdc++ that lacks it. This file changes exactly one 16-bit flags field, only in copies placed
// in build or publish output, and leaves any file that does not carry the need untouched.
using System;
using System.IO;
using System.Text;

namespace NetDsl.Build
{
    /// <summary>Finds and weakens one version need in an ELF64 little-endian shared object.</summary>
    public static class ElfVersionNeed
    {
        public const ushort VerFlagWeak = 0x2;
        const uint ShtGnuVerneed = 0x6ffffffe;

        public enum Outcome { NotElf, NoSuchNeed, AlreadyWeak, Weakened }

        /// <summary>Byte offset of the vna_flags field for <paramref name="version"/>, or -1.</summary>
        public static long FindFlagsOffset(byte[] elf, string version)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F') return -1;
            if (elf[4] != 2 || elf[5] != 1) return -1; // ELFCLASS64, little-endian only
            long shoff = (long)U64(elf, 0x28);
            int shentsize = U16(elf, 0x3A), shnum = U16(elf, 0x3C);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > elf.Length) return -1;
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (U32(elf, sh + 4) != ShtGnuVerneed) continue;
                long offset = (long)U64(elf, sh + 24), size = (long)U64(elf, sh + 32);
                uint link = U32(elf, sh + 40), count = U32(elf, sh + 44);
                if (link >= shnum || offset < 0 || offset + size > elf.Length) return -1;
                long strOff = (long)U64(elf, shoff + (long)link * shentsize + 24);
                long strSize = (long)U64(elf, shoff + (long)link * shentsize + 32);
                long need = offset;
                for (uint n = 0; n < count && need + 16 <= offset + size; n++)
                {
                    int auxCount = U16(elf, need + 2);
                    long aux = need + U32(elf, need + 8);
                    for (int a = 0; a < auxCount && aux + 16 <= offset + size; a++)
                    {
                        uint name = U32(elf, aux + 8);
                        if (name < strSize && CStringEquals(elf, strOff + name, version)) return aux + 4;
                        uint next = U32(elf, aux + 12);
                        if (next == 0) break;
                        aux += next;
                    }
                    uint nextNeed = U32(elf, need + 12);
                    if (nextNeed == 0) break;
                    need += nextNeed;
                }
            }
            return -1;
        }

        /// <summary>Marks the need weak in place; idempotent.</summary>
        public static Outcome Weaken(string path, string version)
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length < 4 || bytes[0] != 0x7f || bytes[1] != (byte)'E') return Outcome.NotElf;
            long at = FindFlagsOffset(bytes, version);
            if (at < 0) return Outcome.NoSuchNeed;
            ushort flags = (ushort)U16(bytes, at);
            if ((flags & VerFlagWeak) != 0) return Outcome.AlreadyWeak;
            flags |= VerFlagWeak;
            using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                f.Position = at;
                f.WriteByte((byte)(flags & 0xff));
                f.WriteByte((byte)(flags >> 8));
            }
            return Outcome.Weakened;
        }

        static bool CStringEquals(byte[] b, long at, string s)
        {
            byte[] want = Encoding.ASCII.GetBytes(s);
            if (at + want.Length >= b.Length) return false;
            for (int i = 0; i < want.Length; i++) if (b[at + i] != want[i]) return false;
            return b[at + want.Length] == 0;
        }

        static int U16(byte[] b, long at) => b[at] | (b[at + 1] << 8);
        static uint U32(byte[] b, long at) => (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
        static ulong U64(byte[] b, long at) => U32(b, at) | ((ulong)U32(b, at + 4) << 32);
    }

    /// <summary>Makes patched copies of a library, once: the copy is redone only when its source changes.</summary>
    public static class PatchedCopy
    {
        /// <summary>
        /// True when <paramref name="copy"/> exists, is as long as <paramref name="source"/> and was written no
        /// earlier than it (a patch changes one flag bit, never the length).
        /// </summary>
        public static bool IsUpToDate(string source, string copy)
        {
            var s = new FileInfo(source);
            var c = new FileInfo(copy);
            return c.Exists && s.Exists && c.Length == s.Length && c.LastWriteTimeUtc >= s.LastWriteTimeUtc;
        }

        /// <summary>
        /// Copies <paramref name="source"/> to <paramref name="copy"/> and weakens the need in the copy, unless the
        /// copy is up to date; the new copy replaces the old one whole (a half-written file is never left in place).
        /// Returns null when nothing was done.
        /// </summary>
        public static ElfVersionNeed.Outcome? Make(string source, string copy, string version)
        {
            if (IsUpToDate(source, copy)) return null;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(copy))!);
            string temporary = copy + ".netdsl-tmp";
            File.Copy(source, temporary, true);
            var outcome = ElfVersionNeed.Weaken(temporary, version);
            // The copy must not look older than its source (even one dated in the future), patched or not.
            DateTime now = DateTime.UtcNow, sourceTime = File.GetLastWriteTimeUtc(source);
            File.SetLastWriteTimeUtc(temporary, sourceTime > now ? sourceTime : now);
            if (File.Exists(copy)) File.Delete(copy);
            File.Move(temporary, copy);
            return outcome;
        }
    }

#if !NETDSL_NO_MSBUILD
    /// <summary>
    /// MSBuild task. With <see cref="Files"/>: makes each item's patched copy at its NetDslPatchedPath metadata
    /// (an item whose NetDslPatchedPath is itself is only checked). With <see cref="Directory"/>: weakens the
    /// GLIBCXX need in place in every copy of <see cref="FileName"/> under it.
    /// </summary>
    public class WeakenLibStdCxxNeed : Microsoft.Build.Utilities.Task
    {
        public string Directory { get; set; } = "";
        public string FileName { get; set; } = "";
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();
        [Microsoft.Build.Framework.Required] public string Version { get; set; } = "";

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                string source = item.GetMetadata("FullPath");
                string copy = item.GetMetadata("NetDslPatchedPath");
                if (copy.Length == 0) copy = source;
                try
                {
                    var outcome = string.Equals(Path.GetFullPath(copy), source, StringComparison.Ordinal)
                        ? ElfVersionNeed.Weaken(source, Version)
                        : PatchedCopy.Make(source, copy, Version);
                    if (outcome == ElfVersionNeed.Outcome.Weakened)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                            "NetDsl: marked the " + Version + " need weak in " + copy + " (a copy of " + source + ")");
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    Log.LogError("NetDsl: could not make the patched copy " + copy + " of " + source + ": " + e.Message);
                }
            }
            if (Directory.Length == 0 || !System.IO.Directory.Exists(Directory)) return !Log.HasLoggedErrors;
            foreach (string file in System.IO.Directory.GetFiles(Directory, FileName, SearchOption.AllDirectories))
            {
                try
                {
                    var outcome = ElfVersionNeed.Weaken(file, Version);
                    if (outcome == ElfVersionNeed.Outcome.Weakened)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                            "NetDsl: marked the " + Version + " need weak in " + file);
                }
                catch (IOException e)
                {
                    Log.LogError("NetDsl: could not patch " + file + ": " + e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
