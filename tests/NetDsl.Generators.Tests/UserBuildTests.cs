extern alias generator;
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>What a user sees: diagnostics in a real <c>dotnet build</c>, and the whole zoo generating cleanly.</summary>
    public class UserBuildTests
    {
        static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "NetDsl.sln"))) return dir.FullName;
            throw new InvalidOperationException("NetDsl.sln not found above " + AppContext.BaseDirectory);
        }

        const string Declarations = @"using NetDsl;
namespace Sample;

[Block, Residual]
public partial class Widen(int width)
{
    [Conv(nameof(width), 3, Padding = 1)] Layer conv1;
}

[Network(Input = ""16x32x32"")]
public partial class Net
{
    [Use(typeof(Widen), 32)]             Layer block;
}

[Network(Input = ""16x32x32"")]
public partial class Grouped { [Conv(8, 3, Groups = 3)] Layer conv; }

#pragma warning disable ND0101 // k3/s2 with OutputPadding 1, as the paper: the overlap is accepted
[Network(Input = ""8x8x8"")]
public partial class Decoder { [ConvTranspose(4, 3, Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; [GlobalAvgPool] Layer pool; [BatchNorm] Layer bn; }
#pragma warning restore ND0101

[Network(Input = ""4x15x15"", Task = ModelTask.Segmentation)]
public partial class Resized
{
    [Conv(8, 3, Padding = 1)]                     Layer enc;
    [MaxPool(2), Conv(16, 3, Padding = 1)]        Layer down;
    [Upsample(Height = ""InH"", Width = ""InW"")]     Layer up;
    [Concat(nameof(enc)), Conv(2, 1)]             Layer head;
}

[Network(Input = ""3x64x64"")]
public partial class Shallow { [Conv(8, 3, Padding = 1), ReLU] Layer conv; [GlobalAvgPool, Flatten] Layer pool; [Linear(10)] Layer fc; }
";

        /// <summary>The project's .editorconfig: ND0103 is off for every file, as a user turns a lint off project-wide.</summary>
        const string EditorConfig = "root = true\n\n[*.cs]\ndotnet_diagnostic.ND0103.severity = none\n";

        /// <summary>
        /// A project outside the repository, referencing the built NetDsl, TorchSharp and the generator as an
        /// analyzer (what the package gives), built with the real SDK: each error carries file, line and column.
        /// </summary>
        [Fact]
        public void Dotnet_build_reports_each_error_at_its_file_line_and_column()
        {
            string dir = Directory.CreateTempSubdirectory("netdsl-sample-").FullName;
            try
            {
                string root = RepositoryRoot();
                string netdsl = typeof(NetDsl.Network).Assembly.Location;
                string torch = typeof(TorchSharp.torch).Assembly.Location;
                string analyzer = typeof(generator::NetDsl.Generators.NetDslGenerator).Assembly.Location;
                File.WriteAllText(Path.Combine(dir, "Sample.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><LangVersion>preview</LangVersion></PropertyGroup>
  <ItemGroup>
    <Reference Include=""{netdsl}"" />
    <Reference Include=""{torch}"" />
    <Analyzer Include=""{analyzer}"" />
  </ItemGroup>
  <Import Project=""{Path.Combine(root, "src", "NetDsl", "build", "NetDsl.props")}"" />
</Project>");
                File.WriteAllText(Path.Combine(dir, "Net.cs"), Declarations);
                File.WriteAllText(Path.Combine(dir, ".editorconfig"), EditorConfig);
                var (code, output) = Run(dir, "build", "-nologo", "-clp:NoSummary", "-p:UseSharedCompilation=false");
                Assert.NotEqual(0, code);
                string file = Path.Combine(dir, "Net.cs");
                // The block's error is reported at the [Use] that chose its arguments.
                Assert.Contains($"{file}(13,6): error ND0005: block: residual add of body output 32x32x32 and shortcut 16x32x32: channel counts differ (32 vs 16); add Projection = \"downsample\" to [Residual] (a 1x1 convolution and BatchNorm on the shortcut, as torchvision's ResNet).", output);
                Assert.Contains($"{file}(17,53): error ND0010: conv: Conv2d Groups = 3 must divide both its in-channels (16) and out-channels (8); use Groups = 2, the nearest count that divides both.", output);
                // Lints are warnings, suppressed like any other: ND0101 by its #pragma, ND0103 by .editorconfig, ND0102 and ND0104 reported.
                Assert.Contains($"{file}(21,137): warning ND0102: bn: BatchNorm2d over a 1x1 map", output);
                Assert.Contains($"{file}(34,77): warning ND0104: pool.0: GlobalAvgPool pools the 8x64x64 map into one value per channel, but each of its features sees only 3x3 pixels", output);
                Assert.DoesNotContain("ND0101", output);
                Assert.DoesNotContain("ND0103", output);
                Assert.DoesNotContain("warning", output.Replace("0 Warning(s)", "").Replace("2 Warning(s)", "").Replace("warning ND0102", "").Replace("warning ND0104", ""),
                    StringComparison.OrdinalIgnoreCase);
            }
            finally
            {
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }

        /// <summary>Every zoo declaration through the generator: no NetDsl diagnostic, and the generated code compiles without warnings.</summary>
        [Fact]
        public void The_whole_zoo_generates_cleanly()
        {
            var models = Directory.GetFiles(Path.Combine(RepositoryRoot(), "src", "NetDsl.Models"), "*.cs").OrderBy(f => f).ToArray();
            var run = GeneratorHarness.Run(models.Select(File.ReadAllText).ToArray());
            // Lints the zoo keeps on purpose are suppressed there with a reason (#pragma); the harness applies it as a build does.
            Assert.True(!run.NetDsl.Any(), string.Join(" | ", run.NetDsl));
            Assert.Empty(run.CompilerDiagnostics);
            Assert.True(run.Run.GeneratedSources.Length > models.Length, $"{run.Run.GeneratedSources.Length} sources for {models.Length} files");
        }

        static (int Code, string Output) Run(string dir, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(300_000)) { process.Kill(true); throw new TimeoutException("dotnet build took over 5 minutes"); }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
