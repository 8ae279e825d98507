using System.Linq;
using Microsoft.CodeAnalysis;
using NetDsl;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// The model catalogue: two networks of one name are a warning (ND0027) naming both, where the second was dropped silently;
    /// a network whose constructors all take arguments is left out (new T() would not compile: CS7036).
    /// </summary>
    public class CatalogTests
    {
        static System.Collections.Generic.IReadOnlyList<ModelEntry> Catalog(GeneratorHarness.Result run) =>
            (System.Collections.Generic.IReadOnlyList<ModelEntry>)GeneratorHarness.Load(run).GetType("NetDsl.Generated.ModelCatalog")!.GetProperty("All")!.GetValue(null)!;

        [Fact]
        public void An_app_referencing_a_library_with_networks_reads_its_own_catalogue_without_CS0436()
        {
            // NetDsl.Generated.ModelCatalog is internal: a public one (the library's, NetDsl.Models's) clashed with the app's own,
            // CS0436 on the README's one-line CLI host, an error under TreatWarningsAsErrors.
            var (lib, _, _) = GeneratorHarness.Generate(GeneratorHarness.Tiny + "using NetDsl;\nnamespace Lib;\n[Network(Input = \"3x8x8\")] public partial class LibNet { [Conv(8, 3)] Layer c; }");
            using var stream = new System.IO.MemoryStream();
            Assert.True(lib.WithAssemblyName("Lib").Emit(stream).Success);
            var app = GeneratorHarness.Compilation(GeneratorHarness.Tiny + "using NetDsl;\nnamespace App;\n[Network(Input = \"3x8x8\")] public partial class AppNet { [Conv(8, 3)] Layer c; }\n"
                + "public static class Host { public static System.Collections.Generic.IReadOnlyList<ModelEntry> All => NetDsl.Generated.ModelCatalog.All; }")
                .AddReferences(MetadataReference.CreateFromImage(stream.ToArray()));
            GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(app, out var output, out _);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error || d.Id == "CS0436"));
            Assert.False(GeneratorHarness.Load(output).GetType("NetDsl.Generated.ModelCatalog")!.IsPublic);
        }

    }
}
