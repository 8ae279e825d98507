using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetDsl.Build;
using TorchSharp;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// src/NetDsl/build/NetDsl.targets run by the real MSBuild on tiny projects that stand in for the SDK's targets
    /// (ResolvePackageAssets, ResolveLockFileCopyLocalFiles, ComputeResolvedFilesToPublishList): the patched copy
    /// of libLibTorchSharp.so under obj/ that build and publish (single-file bundles included) are pointed at, made
    /// once and remade only when the package's file changes; and ND9001/ND9002 for the backend and the RID.
    /// </summary>
    public sealed class PackageTargetsTests
    {
        const string Need = "GLIBCXX_3.4.32";
        const string Library = "libLibTorchSharp.so";

        static string Targets()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "NetDsl.sln")))
                    return Path.Combine(dir.FullName, "src", "NetDsl", "build", "NetDsl.targets");
            throw new InvalidOperationException("NetDsl.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>TorchSharp's unpatched copy in the NuGet cache.</summary>
        static string PackageLibrary()
        {
            string? root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (string.IsNullOrEmpty(root)) root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var v = typeof(torch).Assembly.GetName().Version!;
            string path = Path.Combine(root, "torchsharp", $"{v.Major}.{v.Minor}.{v.Build}", "runtimes", "linux-x64", "native", Library);
            Assert.True(File.Exists(path), "TorchSharp's package copy not found at " + path);
            return path;
        }

        static (int Code, string Output) MSBuild(string dir, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "msbuild", "-nologo", "-v:n" }.Concat(args)) start.ArgumentList.Add(a);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(300_000)) { process.Kill(true); throw new TimeoutException("dotnet msbuild took over 5 minutes"); }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }

        static bool IsWeak(string file)
        {
            byte[] bytes = File.ReadAllBytes(file);
            long at = ElfVersionNeed.FindFlagsOffset(bytes, Need);
            Assert.True(at > 0, "no " + Need + " need in " + file);
            return (bytes[at] & ElfVersionNeed.VerFlagWeak) != 0;
        }

        /// <summary>Stands in for the SDK: the package file as a copy-local item and as a file to publish (to bundle).</summary>
        static string PatchProject(string packageFile) => $@"<Project>
  <PropertyGroup><IntermediateOutputPath>obj/</IntermediateOutputPath><OutputType>Library</OutputType></PropertyGroup>
  <Import Project=""{Targets()}"" />
  <Target Name=""ResolveLockFileCopyLocalFiles"">
    <ItemGroup>
      <ReferenceCopyLocalPaths Include=""{packageFile}"" DestinationSubDirectory=""runtimes/linux-x64/native/"" NuGetPackageId=""TorchSharp"" />
      <ReferenceCopyLocalPaths Include=""other.txt"" />
      <_ResolvedCopyLocalBuildAssets Include=""{packageFile}"" />
    </ItemGroup>
  </Target>
  <Target Name=""ComputeResolvedFilesToPublishList"">
    <ItemGroup>
      <ResolvedFileToPublish Include=""{packageFile}"" RelativePath=""libLibTorchSharp.so"" NuGetPackageId=""TorchSharp"" />
    </ItemGroup>
  </Target>
  <Target Name=""Show"" DependsOnTargets=""ResolveLockFileCopyLocalFiles;ComputeResolvedFilesToPublishList"">
    <Message Importance=""high"" Text=""COPYLOCAL %(ReferenceCopyLocalPaths.FullPath) | %(ReferenceCopyLocalPaths.DestinationSubDirectory) | %(ReferenceCopyLocalPaths.NuGetPackageId)"" />
    <Message Importance=""high"" Text=""BUILDASSET %(_ResolvedCopyLocalBuildAssets.FullPath)"" />
    <Message Importance=""high"" Text=""PUBLISH %(ResolvedFileToPublish.FullPath) | %(ResolvedFileToPublish.RelativePath) | %(ResolvedFileToPublish.NuGetPackageId)"" />
  </Target>
</Project>";

        static string Line(string output, string prefix)
        {
            var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(prefix + " ", StringComparison.Ordinal) && l.Contains(Library)).ToList();
            Assert.True(lines.Count == 1, $"expected one {prefix} line for {Library}, got {lines.Count}:\n{output}");
            return lines[0].Substring(prefix.Length + 1);
        }

        [Fact]
        public void Build_and_publish_items_point_at_one_patched_copy_in_obj_made_once_and_remade_when_the_package_changes()
        {
            string dir = Directory.CreateTempSubdirectory("netdsl-targets-").FullName;
            try
            {
                string package = Path.Combine(dir, "packages", "torchsharp", "1.0.0", Library);
                Directory.CreateDirectory(Path.GetDirectoryName(package)!);
                File.Copy(PackageLibrary(), package);
                File.SetLastWriteTimeUtc(package, DateTime.UtcNow.AddDays(-10));
                Assert.False(IsWeak(package));
                File.WriteAllText(Path.Combine(dir, "other.txt"), "");
                File.WriteAllText(Path.Combine(dir, "app.proj"), PatchProject(package));

                var (code, output) = MSBuild(dir, "app.proj", "-t:Show");
                Assert.True(code == 0, output);
                string copy = Line(output, "COPYLOCAL").Split(" | ")[0];
                string patchDir = Path.Combine(dir, "obj", "netdsl-native") + Path.DirectorySeparatorChar;
                Assert.StartsWith(patchDir, copy);
                Assert.Equal(copy + " | runtimes/linux-x64/native/ | TorchSharp", Line(output, "COPYLOCAL"));
                Assert.Equal(copy, Line(output, "BUILDASSET"));
                // Publish (and so the single-file bundle, which takes ResolvedFileToPublish) gets the same copy, metadata kept.
                Assert.Equal(copy + " | libLibTorchSharp.so | TorchSharp", Line(output, "PUBLISH"));
                Assert.Contains("COPYLOCAL " + Path.Combine(dir, "other.txt"), output);
                Assert.True(IsWeak(copy));
                Assert.False(IsWeak(package)); // the package's file is never touched
                Assert.Contains("NetDsl: marked the " + Need + " need weak in " + copy, output);

                // Nothing changed: the copy is neither rewritten nor patched again.
                var stamp = File.GetLastWriteTimeUtc(copy);
                File.SetLastWriteTimeUtc(copy, stamp.AddSeconds(-1)); // still newer than the package's file
                stamp = File.GetLastWriteTimeUtc(copy);
                (code, output) = MSBuild(dir, "app.proj", "-t:Show");
                Assert.True(code == 0, output);
                Assert.Equal(copy, Line(output, "PUBLISH").Split(" | ")[0]);
                Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));
                Assert.DoesNotContain("marked the", output);

                // The package's file changed: patched again.
                File.SetLastWriteTimeUtc(package, DateTime.UtcNow.AddMinutes(1));
                (code, output) = MSBuild(dir, "app.proj", "-t:Show");
                Assert.True(code == 0, output);
                Assert.NotEqual(stamp, File.GetLastWriteTimeUtc(copy));
                Assert.True(IsWeak(copy));
                Assert.Contains("NetDsl: marked the " + Need + " need weak in " + copy, output);

                // Another package version (another source path): its own copy.
                string newer = Path.Combine(dir, "packages", "torchsharp", "1.0.1", Library);
                Directory.CreateDirectory(Path.GetDirectoryName(newer)!);
                File.Copy(package, newer);
                File.WriteAllText(Path.Combine(dir, "app.proj"), PatchProject(newer));
                (code, output) = MSBuild(dir, "app.proj", "-t:Show");
                Assert.True(code == 0, output);
                string copy2 = Line(output, "PUBLISH").Split(" | ")[0];
                Assert.StartsWith(patchDir, copy2);
                Assert.NotEqual(copy, copy2);
                Assert.True(IsWeak(copy2));

                // Opted out: the items keep the package's file.
                (code, output) = MSBuild(dir, "app.proj", "-t:Show", "-p:NetDslPatchNativeLibs=false");
                Assert.True(code == 0, output);
                Assert.Equal(newer, Line(output, "PUBLISH").Split(" | ")[0]);
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }

        static string BackendProject(string rid, bool cpu, bool libtorch) => $@"<Project>
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <RuntimeIdentifier>{rid}</RuntimeIdentifier>
    {(cpu ? "<NetDslCpuBackend>true</NetDslCpuBackend>" : "")}
  </PropertyGroup>
  <Import Project=""{Targets()}"" />
  <Target Name=""ResolvePackageAssets"">
    <ItemGroup>{(libtorch ? @"<NativeCopyLocalItems Include=""/p/runtimes/linux-x64/native/libtorch_cpu.so"" />" : "")}</ItemGroup>
  </Target>
</Project>";

        const string Unsupported = "error ND9002: App targets RuntimeIdentifier {0}, which LibTorch's CPU backend (NetDsl.Cpu) does not support: it is built for linux-x64 and win-x64 only (glibc Linux and Windows on x64; no musl, ARM or macOS build), so the networks could not run there. Build or publish with -r linux-x64 or -r win-x64, or without a RuntimeIdentifier.";

        /// <summary>
        /// NetDsl.Cpu referenced for a RID LibTorch's CPU packages do not serve: ND9002 names the RID and the supported
        /// ones (ND9001's "add NetDsl.Cpu" would not help). linux-musl-x64 gets the glibc build through the RID
        /// fallback, so it is refused even though a libtorch file was found.
        /// </summary>
        [Theory]
        [InlineData("linux-arm64", true, false)]
        [InlineData("osx-arm64", true, false)]
        [InlineData("linux-musl-x64", true, true)]
        [InlineData("linux-arm64", false, false)]
        public void An_unsupported_runtime_identifier_is_ND9002_naming_it_and_the_supported_ones(string rid, bool cpu, bool libtorch)
        {
            string dir = Directory.CreateTempSubdirectory("netdsl-targets-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "App.proj"), BackendProject(rid, cpu, libtorch));
                var (code, output) = MSBuild(dir, "App.proj", "-t:ResolvePackageAssets");
                Assert.NotEqual(0, code);
                Assert.Contains(string.Format(Unsupported, rid), output);
                Assert.DoesNotContain("ND9001", output);
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }

        [Theory]
        [InlineData("linux-x64", true, true, null)]
        [InlineData("win-x64", true, true, null)]
        [InlineData("", true, true, null)]
        [InlineData("LINUX-X64", true, true, null)]
        [InlineData("linux-x64", false, false, "ND9001")]
        [InlineData("", false, false, "ND9001")]
        public void A_supported_or_absent_runtime_identifier_is_not_ND9002(string rid, bool cpu, bool libtorch, string? error)
        {
            string dir = Directory.CreateTempSubdirectory("netdsl-targets-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "App.proj"), BackendProject(rid, cpu, libtorch));
                var (code, output) = MSBuild(dir, "App.proj", "-t:ResolvePackageAssets");
                Assert.DoesNotContain("ND9002", output);
                if (error == null) Assert.True(code == 0, output);
                else
                {
                    Assert.NotEqual(0, code);
                    Assert.Contains("error " + error + ": NetDsl needs LibTorch's native backend and App references none", output);
                }
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }
    }
}
