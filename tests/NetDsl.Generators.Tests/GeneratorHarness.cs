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

        public static GeneratorDriver Driver() =>
            CSharpGeneratorDriver.Create(new[] { new NetDslGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Generator output plus the compiler's diagnostics on the result (after suppressions).</summary>
        public sealed record Result(Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics,
            ImmutableArray<Diagnostic> CompilerDiagnostics, GeneratorRunResult Run)
        {
            public IEnumerable<Diagnostic> NetDsl => GeneratorDiagnostics.Where(d => d.Id.StartsWith("ND", StringComparison.Ordinal));
            public string Source(string hintEnd) => Run.GeneratedSources.Single(s => s.HintName.EndsWith(hintEnd, StringComparison.Ordinal)).SourceText.ToString();
        }

        public static Result Run(params string[] sources)
        {
            var (output, diagnostics, run) = Generate(sources);
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
        /// The one NetDsl diagnostic <paramref name="source"/> produces, asserted to have <paramref name="id"/>
        /// and error severity: its message, the 1-based line where it starts and the source text it spans.
        /// </summary>
        public static (string Message, int Line, string Span) SingleDiagnostic(string source, string id)
        {
            var result = Run(source);
            var found = result.NetDsl.ToList();
            Xunit.Assert.True(found.Count == 1, "expected one NetDsl diagnostic, got: " + string.Join(" | ", found));
            var d = found[0];
            Xunit.Assert.Equal(id, d.Id);
            Xunit.Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            var (line, _, text) = Where(d, result.Output);
            return (d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), line, text);
        }

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
