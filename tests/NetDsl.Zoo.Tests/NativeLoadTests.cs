using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Build;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// The native-load fix (src/NetDsl/build/NetDsl.targets + WeakenLibStdCxxNeed.cs): output copies of
    /// libLibTorchSharp.so get their GLIBCXX_3.4.32 version need marked weak, so Debian 12's libstdc++
    /// (GCC 12) loads it. The patcher's ELF part is compiled into this assembly (NETDSL_NO_MSBUILD).
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class NativeLoadTests
    {
        const string Need = "GLIBCXX_3.4.32";
        const string Library = "libLibTorchSharp.so";

        [Fact]
        public void TorchSharp_LoadsInThisProcess_AndComputes()
        {
            using var scope = torch.NewDisposeScope();
            var a = torch.ones(2, 3);
            using Scalar six = 6L.ToScalar(), two = 2.0.ToScalar();
            var b = torch.arange(six, dtype: ScalarType.Float32).reshape(2, 3);
            var c = a.mul(two).add(b, alpha: NetDsl.Scalars.One).sum();
            Assert.Equal(2f * 6 + 15f, c.item<float>());
            Assert.Equal(new long[] { 3, 3 }, b.t().matmul(a).shape);
        }

        [Fact]
        public void OutputCopy_DiffersFromPackageCopy_InExactlyTheWeakFlagBit()
        {
            string package = PackageLibrary();
            string output = OutputLibrary();
            byte[] original = File.ReadAllBytes(package);
            byte[] patched = File.ReadAllBytes(output);

            Assert.Equal(original.Length, patched.Length);
            var differences = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
            Assert.True(differences.Count == 1,
                $"{output} differs from {package} at {differences.Count} byte positions (first: {string.Join(", ", differences.Take(5))})");
            int at = differences[0];
            Assert.Equal(0, original[at] & ElfVersionNeed.VerFlagWeak);
            Assert.Equal((byte)(original[at] | ElfVersionNeed.VerFlagWeak), patched[at]);

            // The byte is the low byte of the vna_flags of the GLIBCXX_3.4.32 Vernaux, in either copy.
            Assert.Equal(at, ElfVersionNeed.FindFlagsOffset(original, Need));
            Assert.Equal(at, ElfVersionNeed.FindFlagsOffset(patched, Need));
        }

        [Fact]
        public void Weaken_OnACopyOfThePackageFile_IsIdempotent_AndReproducesTheOutputCopy()
        {
            string dir = TempDir();
            try
            {
                string copy = Path.Combine(dir, Library);
                File.Copy(PackageLibrary(), copy);
                byte[] before = File.ReadAllBytes(copy);
                long at = ElfVersionNeed.FindFlagsOffset(before, Need);
                Assert.True(at > 0);

                Assert.Equal(ElfVersionNeed.Outcome.Weakened, ElfVersionNeed.Weaken(copy, Need));
                byte[] once = File.ReadAllBytes(copy);
                Assert.Equal(ElfVersionNeed.Outcome.AlreadyWeak, ElfVersionNeed.Weaken(copy, Need));
                byte[] twice = File.ReadAllBytes(copy);

                Assert.Equal(once, twice);
                Assert.Equal(File.ReadAllBytes(OutputLibrary()), once);
                Assert.Equal((byte)(before[at] | ElfVersionNeed.VerFlagWeak), once[at]);
                Assert.Equal(before[at + 1], once[at + 1]);
                // Only that flag changed: restoring it gives back the original bytes.
                once[at] = before[at];
                Assert.Equal(before, once);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void Weaken_NonElfFile_ReturnsNotElf_AndLeavesItAlone()
        {
            string dir = TempDir();
            try
            {
                string file = Path.Combine(dir, "not-elf.so");
                byte[] content = System.Text.Encoding.ASCII.GetBytes("INPUT(-lfoo) /* a linker script, not ELF */ " + Need);
                File.WriteAllBytes(file, content);
                Assert.Equal(ElfVersionNeed.Outcome.NotElf, ElfVersionNeed.Weaken(file, Need));
                Assert.Equal(content, File.ReadAllBytes(file));
                Assert.Equal(-1, ElfVersionNeed.FindFlagsOffset(content, Need));

                string empty = Path.Combine(dir, "empty.so");
                File.WriteAllBytes(empty, Array.Empty<byte>());
                Assert.Equal(ElfVersionNeed.Outcome.NotElf, ElfVersionNeed.Weaken(empty, Need));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>libc10.so has GLIBCXX version needs, but not GLIBCXX_3.4.32: nothing to do, no byte changes.</summary>
        [Theory]
        [InlineData("libc10.so")]
        [InlineData("libtorch.so")]
        public void Weaken_LibraryWithoutTheNeed_ReturnsNoSuchNeed_AndIsByteIdentical(string library)
        {
            string source = LibTorchLibrary(library);
            string dir = TempDir();
            try
            {
                string copy = Path.Combine(dir, library);
                File.Copy(source, copy);
                Assert.Equal(ElfVersionNeed.Outcome.NoSuchNeed, ElfVersionNeed.Weaken(copy, Need));
                Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(copy));
                Assert.Equal(-1, ElfVersionNeed.FindFlagsOffset(File.ReadAllBytes(copy), Need));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>The version a library does carry is found; an unknown one is not.</summary>
        [Fact]
        public void FindFlagsOffset_FindsOnlyVersionsTheLibraryNeeds()
        {
            byte[] library = File.ReadAllBytes(PackageLibrary());
            Assert.True(ElfVersionNeed.FindFlagsOffset(library, "GLIBC_2.2.5") > 0);
            Assert.Equal(-1, ElfVersionNeed.FindFlagsOffset(library, "GLIBCXX_9.9.99"));
            Assert.Equal(-1, ElfVersionNeed.FindFlagsOffset(library, "GLIBCXX_3.4.3")); // a prefix is not a match
            Assert.NotEqual(ElfVersionNeed.FindFlagsOffset(library, "GLIBC_2.2.5"), ElfVersionNeed.FindFlagsOffset(library, Need));
        }

        static string TempDir()
        {
            string dir = Path.Combine(Path.GetTempPath(), "netdsl-zoo-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        static string OutputLibrary()
        {
            var found = Directory.GetFiles(AppContext.BaseDirectory, Library, SearchOption.AllDirectories);
            Assert.True(found.Length >= 1, $"no {Library} under {AppContext.BaseDirectory}");
            // Prefer the copy the runtime loads on this machine.
            return found.OrderBy(f => f.Contains(Path.Combine("runtimes", "linux-x64")) ? 0 : 1).ThenBy(f => f.Length).First();
        }

        static string PackagesRoot()
        {
            string? env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (!string.IsNullOrEmpty(env)) return env;
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        /// <summary>TorchSharp's own copy in the NuGet cache, for the TorchSharp version this test runs with.</summary>
        static string PackageLibrary()
        {
            var version = typeof(torch).Assembly.GetName().Version!;
            var candidates = new List<string>
            {
                Path.Combine(PackagesRoot(), "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", Library),
                Path.Combine(PackagesRoot(), "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", Library),
            };
            string? path = candidates.FirstOrDefault(File.Exists);
            Assert.True(path != null, "TorchSharp's package copy not found at " + string.Join(" or ", candidates));
            return path!;
        }

        static string LibTorchLibrary(string library)
        {
            string root = Path.Combine(PackagesRoot(), "libtorch-cpu-linux-x64");
            Assert.True(Directory.Exists(root), "libtorch-cpu-linux-x64 not in the NuGet cache: " + root);
            string? path = Directory.GetDirectories(root)
                .OrderByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "runtimes", "linux-x64", "native", library))
                .FirstOrDefault(File.Exists);
            Assert.True(path != null, $"{library} not found under {root}");
            return path!;
        }
    }
}
