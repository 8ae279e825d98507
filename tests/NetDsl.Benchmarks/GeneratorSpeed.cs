extern alias generator;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using generator::NetDsl.Generators;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--generator [N]</c>: the NetDsl generator over every zoo declaration (src/NetDsl.Models):
    /// a cold run (a fresh driver; the first one also pays JIT), then an unrelated edit and an edit of one
    /// block with a warm driver. Medians of N runs each; nothing is asserted.
    /// </summary>
    public static class GeneratorSpeed
    {
        const string Usings = "global using Layer = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;\n";
        static readonly CSharpParseOptions Parse = new(LanguageVersion.Preview);

        public static int Run(int runs, TextWriter output)
        {
            string? models = FindModels();
            if (models == null) { output.WriteLine("generator: src/NetDsl.Models not found above the working directory"); return 1; }
            var files = Directory.GetFiles(models, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Parse, path: f)).ToList();
            trees.Add(CSharpSyntaxTree.ParseText(Usings, Parse, path: "Usings.cs"));
            trees.Add(CSharpSyntaxTree.ParseText("class Unrelated { int x = 1; }", Parse, path: "Unrelated.cs"));
            var compilation = CSharpCompilation.Create("Zoo", trees, References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            var first = Time(() => Driver().RunGenerators(compilation), out var driver);
            var result = driver.GetRunResult();
            int sources = result.Results.Single().GeneratedSources.Length;
            var cold = Repeat(runs, () => Driver().RunGenerators(compilation));

            var unrelated = compilation.ReplaceSyntaxTree(trees[trees.Count - 1],
                CSharpSyntaxTree.ParseText("class Unrelated { int x = 2; }", Parse, path: "Unrelated.cs"));
            // The driver is immutable: each repetition re-runs the same incremental step from the same warm state.
            var afterUnrelated = Repeat(runs, () => driver.RunGenerators(unrelated));

            int unet = files.FindIndex(f => f.EndsWith("UNet.cs", StringComparison.Ordinal));
            var blockEdit = compilation.ReplaceSyntaxTree(trees[unet],
                CSharpSyntaxTree.ParseText(File.ReadAllText(files[unet]).Replace("[Conv(nameof(channels), 3), ReLU] Layer conv2;", "[Conv(nameof(channels), 3), ReLU6] Layer conv2;"), Parse, path: files[unet]));
            var afterBlock = Repeat(runs, () => driver.RunGenerators(blockEdit));

            output.WriteLine($"NetDsl generator over the zoo: {files.Count} files, {sources} generated sources, {Environment.ProcessorCount} cores");
            output.WriteLine($"  first cold run (includes JIT): {first.TotalMilliseconds,8:F0} ms");
            output.WriteLine($"  cold run, median of {runs}:      {Median(cold),8:F0} ms");
            output.WriteLine($"  unrelated edit, warm driver:   {Median(afterUnrelated),8:F1} ms");
            output.WriteLine($"  edit of one block (DoubleConv, used by unet only): {Median(afterBlock),8:F0} ms");
            return 0;
        }

        static string? FindModels()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "src", "NetDsl.Models");
                    if (Directory.Exists(candidate)) return candidate;
                }
            return null;
        }

        static GeneratorDriver Driver() =>
            CSharpGeneratorDriver.Create(new[] { new NetDslGenerator().AsSourceGenerator() }, parseOptions: Parse);

        static TimeSpan Time(Func<GeneratorDriver> run, out GeneratorDriver driver)
        {
            var clock = Stopwatch.StartNew();
            driver = run();
            return clock.Elapsed;
        }

        static List<double> Repeat(int runs, Func<GeneratorDriver> run)
        {
            var times = new List<double>();
            for (int i = 0; i < runs; i++) times.Add(Time(run, out _).TotalMilliseconds);
            return times;
        }

        static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted[sorted.Count / 2];
        }

        static ImmutableArray<MetadataReference> References()
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => !p.EndsWith("NetDsl.Generators.dll", StringComparison.Ordinal)).ToList();
            paths.Add(typeof(NetDsl.Network).Assembly.Location);
            paths.Add(typeof(TorchSharp.torch).Assembly.Location);
            return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        }
    }
}
