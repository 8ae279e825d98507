extern alias generator;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using generator::NetDsl.Generators;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Runs the generator (and its suppressor) over source text with the running test's own references:
    /// the framework, NetDsl and TorchSharp. Nothing is downloaded.
    /// </summary>
    internal static class GeneratorHarness
    {
        /// <summary>
        /// The line a deliberately tiny test classifier starts with: its receptive field spans less than half its input, so
        /// ND0104 is suppressed the way a user's project would suppress it (the harness honours pragmas, as a build does).
        /// </summary>
        public const string Tiny = "#pragma warning disable ND0104 // a tiny test network: it exercises another rule, not the depth its input needs\n";

        const string Usings = "global using Layer = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;\n";

        static readonly Lazy<ImmutableArray<MetadataReference>> references = new(() =>
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => !p.EndsWith("NetDsl.Generators.dll", StringComparison.Ordinal)).ToList();
            paths.Add(typeof(NetDsl.Network).Assembly.Location);
            paths.Add(typeof(TorchSharp.torch).Assembly.Location);
            return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        });

        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

        public static CSharpCompilation Compilation(params string[] sources) =>
            CSharpCompilation.Create("UserProject",
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs"))
                    .Append(CSharpSyntaxTree.ParseText(Usings, ParseOptions, path: "Usings.cs")),
                references.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        /// <summary>
        /// A driver for the generator; <paramref name="trackSteps"/> records every step's inputs and outputs for the incrementality
        /// tests (it makes a run of hundreds of declarations ~8× slower, so only they ask for it).
        /// </summary>
        public static GeneratorDriver Driver(bool trackSteps = false) =>
            CSharpGeneratorDriver.Create(new[] { new NetDslGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

        /// <summary>Generator output plus the compiler's diagnostics on the result (after suppressions).</summary>
        public sealed record Result(Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics,
            ImmutableArray<Diagnostic> CompilerDiagnostics, GeneratorRunResult Run)
        {
            public IEnumerable<Diagnostic> NetDsl => GeneratorDiagnostics.Where(d => d.Id.StartsWith("ND", StringComparison.Ordinal));
            public string Source(string hintEnd) => Run.GeneratedSources.Single(s => s.HintName.EndsWith(hintEnd, StringComparison.Ordinal)).SourceText.ToString();
        }

        /// <remarks>
        /// The generator's diagnostics are filtered as a build filters them (<c>#pragma warning disable</c>, severities set in the
        /// compilation's options, as .editorconfig sets them), so a test network suppresses a lint the way a user's would.
        /// </remarks>
        public static Result Run(params string[] sources)
        {
            var (output, generated, run) = Generate(sources);
            var diagnostics = CompilationWithAnalyzers.GetEffectiveDiagnostics(generated, output).Where(d => !d.IsSuppressed).ToImmutableArray();
            var withSuppressor = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetDslSuppressor()));
            var compiler = withSuppressor.GetAllDiagnosticsAsync().Result.Where(d => !d.IsSuppressed && d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
            return new Result(output, diagnostics, compiler, run);
        }

        /// <summary>Runs only the generator (no analyzers): the updated compilation, its diagnostics and run result.</summary>
        public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorRunResult Run) Generate(params string[] sources)
        {
            var driver = Driver().RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out var diagnostics);
            var run = driver.GetRunResult().Results.Single();
            if (run.Exception != null) throw new InvalidOperationException("the generator threw", run.Exception);
            return (output, diagnostics, run);
        }

        /// <summary>Compiles <paramref name="output"/> and loads it, or throws with the first compiler errors.</summary>
        public static Assembly Load(Compilation output)
        {
            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            if (!emit.Success)
                throw new InvalidOperationException("the compiler reports: " + string.Join(" | ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3)));
            return Assembly.Load(stream.ToArray());
        }

        /// <summary>Compiles the generated program and loads it into this process.</summary>
        public static Assembly Load(Result result)
        {
            using var stream = new MemoryStream();
            var emit = result.Output.Emit(stream);
            if (!emit.Success) throw new InvalidOperationException(string.Join("\n", emit.Diagnostics));
            return Assembly.Load(stream.ToArray());
        }

        /// <summary>
        /// The one NetDsl diagnostic <paramref name="marked"/> produces. The source holds one marker such as <c>/*ND0005*/</c>
        /// right before the text the diagnostic must start at: the diagnostic must have that ID, the catalogue's descriptor,
        /// error severity (<paramref name="severity"/>: a lint's is a warning) and start there. Returns its message and the source
        /// text it spans (markers removed).
        /// </summary>
        public static (string Message, string Span) SingleDiagnostic(string marked, DiagnosticSeverity severity = DiagnosticSeverity.Error)
        {
            var (source, markers) = Markers(marked);
            Xunit.Assert.True(markers.Count == 1, $"expected one /*NDxxxx*/ marker in the source, found {markers.Count}");
            var (id, offset) = markers[0];
            var result = Run(source);
            var found = result.NetDsl.ToList();
            Xunit.Assert.True(found.Count == 1, "expected one NetDsl diagnostic, got: " + string.Join(" | ", found));
            var d = found[0];
            Xunit.Assert.Equal(id, d.Id);
            Xunit.Assert.Same(generator::NetDsl.Generators.Diagnostics.DiagnosticCatalog.ById(id), d.Descriptor);
            Xunit.Assert.Equal(severity, d.Severity);
            var (_, _, text) = Where(d, result.Output);
            Xunit.Assert.True(d.Location.SourceSpan.Start == offset && d.Location.GetLineSpan().Path == "File0.cs",
                $"{id} starts at \"{text}\" ({d.Location.GetLineSpan()}), not at its marker (offset {offset}, before \"{Around(source, offset)}\")");
            return (d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), text);
        }

        /// <summary>
        /// As <see cref="SingleDiagnostic"/> for a rule broken inside a block instance: the diagnostic is reported at the
        /// [Use]/[Repeat] that chose the block (<paramref name="use"/>, its text), and where it broke inside the block (the
        /// marker) is its last additional location. Returns the message and the text at the marker.
        /// </summary>
        public static (string Message, string Span) SingleDiagnosticInBlock(string marked, string use)
        {
            var (source, markers) = Markers(marked);
            Xunit.Assert.True(markers.Count == 1, $"expected one /*NDxxxx*/ marker in the source, found {markers.Count}");
            var (id, offset) = markers[0];
            var result = Run(source);
            var found = result.NetDsl.ToList();
            Xunit.Assert.True(found.Count == 1, "expected one NetDsl diagnostic, got: " + string.Join(" | ", found));
            var d = found[0];
            Xunit.Assert.Equal(id, d.Id);
            Xunit.Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Xunit.Assert.Equal(use, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
            Xunit.Assert.NotEmpty(d.AdditionalLocations);
            var inside = d.AdditionalLocations[d.AdditionalLocations.Count - 1];
            Xunit.Assert.True(inside.SourceSpan.Start == offset,
                $"{id}'s place inside the block starts at offset {inside.SourceSpan.Start}, not at its marker (offset {offset}, before \"{Around(source, offset)}\")");
            return (d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), source.Substring(inside.SourceSpan.Start, inside.SourceSpan.Length));
        }

        /// <summary>The message of the one NetDsl diagnostic of <paramref name="source"/>, asserted to have <paramref name="id"/>, its descriptor and error severity (where it points is another test's business).</summary>
        public static string SingleMessage(string source, string id)
        {
            var found = Run(source).NetDsl.ToList();
            Xunit.Assert.True(found.Count == 1, "expected one NetDsl diagnostic, got: " + string.Join(" | ", found));
            Xunit.Assert.Equal(id, found[0].Id);
            Xunit.Assert.Same(generator::NetDsl.Generators.Diagnostics.DiagnosticCatalog.ById(id), found[0].Descriptor);
            Xunit.Assert.Equal(DiagnosticSeverity.Error, found[0].Severity);
            return found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Removes every <c>/*NDxxxx*/</c> marker; returns the clean source and each marker's ID and offset in it.</summary>
        public static (string Source, List<(string Id, int Offset)> Markers) Markers(string marked)
        {
            var found = new List<(string, int)>();
            var clean = new System.Text.StringBuilder();
            int i = 0;
            while (i < marked.Length)
            {
                if (string.CompareOrdinal(marked, i, "/*ND", 0, 4) == 0 && i + 10 <= marked.Length && string.CompareOrdinal(marked, i + 8, "*/", 0, 2) == 0)
                {
                    found.Add((marked.Substring(i + 2, 6), clean.Length));
                    i += 10;
                    continue;
                }
                clean.Append(marked[i++]);
            }
            return (clean.ToString(), found);
        }

        static string Around(string source, int offset) => source.Substring(offset, Math.Min(20, source.Length - offset)).Split('\n')[0];

        /// <summary>Line and column (1-based) where a diagnostic starts, and the source text it spans.</summary>
        /// <remarks>Generator diagnostics carry file locations (a pipeline model keeps no syntax trees), so the text is read back from the file's tree.</remarks>
        public static (int Line, int Column, string Text) Where(Diagnostic d, Compilation compilation)
        {
            var span = d.Location.GetLineSpan();
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == span.Path);
            string text = tree.GetText().ToString(d.Location.SourceSpan);
            return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, text);
        }
    }
}
