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
        public void Two_networks_of_one_name_in_different_namespaces_are_a_warning_naming_both()
        {
            string a = GeneratorHarness.Tiny + "using NetDsl;\nnamespace A;\n[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] Layer c; }";
            string b = GeneratorHarness.Tiny + "using NetDsl;\nnamespace B;\n[Network(Input = \"3x8x8\")] public partial class Net { [Conv(4, 3)] Layer c; }";
            var run = GeneratorHarness.Run(a, b);
            var d = Assert.Single(run.NetDsl);
            Assert.Equal(("ND0027", DiagnosticSeverity.Warning), (d.Id, d.Severity));
            Assert.Equal("Net: the model catalogue already lists A.Net as \"net\", so B.Net is left out of it (ModelCatalog.All, the CLI's list and create by name); name it with [Network(Name = \"b.net\")] or rename one of the two.",
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("File1.cs", d.Location.GetLineSpan().Path);
            Assert.Equal("File0.cs", d.AdditionalLocations.Single().GetLineSpan().Path);
            Assert.Equal("A.Net", Catalog(run).Single().TypeName);
            // The fix in the message builds and leaves both listed.
            var fixedRun = GeneratorHarness.Run(a, b.Replace("[Network(Input = \"3x8x8\")]", "[Network(Input = \"3x8x8\", Name = \"b.net\")]"));
            Assert.Empty(fixedRun.NetDsl);
            Assert.Equal(new[] { "b.net", "net" }, Catalog(fixedRun).Select(e => e.Name).OrderBy(n => n, System.StringComparer.Ordinal));
        }

        [Fact]
        public void For_a_class_in_the_global_namespace_the_advised_name_is_a_free_one_and_applying_it_builds()
        {
            // Its lower-case full name ("n") is the name that collides: advising it repeated the warning when applied.
            string a = GeneratorHarness.Tiny + "using NetDsl;\nnamespace A;\n[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3)] Layer c; }";
            string b = GeneratorHarness.Tiny + "using NetDsl;\n[Network(Input = \"3x8x8\")] public partial class N { [Conv(4, 3)] Layer c; }";
            var d = Assert.Single(GeneratorHarness.Run(a, b).NetDsl);
            Assert.Contains("name it with [Network(Name = \"n-2\")]", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            var fixedRun = GeneratorHarness.Run(a, b.Replace("[Network(Input = \"3x8x8\")]", "[Network(Input = \"3x8x8\", Name = \"n-2\")]"));
            Assert.Empty(fixedRun.NetDsl);
            Assert.Equal(new[] { "n", "n-2" }, Catalog(fixedRun).Select(e => e.Name).OrderBy(n => n, System.StringComparer.Ordinal));
        }

        [Fact]
        public void Two_networks_named_alike_are_a_warning_at_the_second()
        {
            var run = GeneratorHarness.Run(GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo;\n"
                + "[Network(Input = \"3x8x8\", Name = \"same\")] public partial class First { [Conv(8, 3)] Layer c; }\n"
                + "[Network(Input = \"3x8x8\", Name = \"same\")] public partial class Second { [Conv(4, 3)] Layer c; }");
            var d = Assert.Single(run.NetDsl);
            Assert.Equal("ND0027", d.Id);
            Assert.Contains("Demo.First", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("Demo.Second", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("Demo.First", Catalog(run).Single().TypeName);
        }

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

        [Fact]
        public void A_network_whose_constructors_all_take_arguments_is_left_out_of_the_catalogue()
        {
            var run = GeneratorHarness.Run(GeneratorHarness.Tiny + "using NetDsl;\n"
                + "[Network(Input = \"3x8x8\")] public partial class C9 { [Conv(8, 3)] Layer c; public C9(int seed) { } }\n"
                + "[Network(Input = \"3x8x8\")] public partial class C10 { [Conv(8, 3)] Layer c; public C10(int seed = 1) { } }");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics.Where(e => e.Severity == DiagnosticSeverity.Error));
            Assert.Equal(new[] { "c10" }, Catalog(run).Select(e => e.Name));
        }
    }
}
