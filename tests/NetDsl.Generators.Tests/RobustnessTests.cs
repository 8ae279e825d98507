using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Malformed declarations produce diagnostics, never a generator exception.</summary>
    public class RobustnessTests
    {
        [Theory]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(64)] Layer c; }")]                  // incomplete attribute
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(typeof(int), 3)] Layer c; }")]     // wrong argument type
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(\"(((\", 3)] Layer c; }")]          // bad expression
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3, Stride = true)] Layer c; }")] // bool where int
        [InlineData("[Network] public partial class N { [ReLU] Layer c; }")]                                        // no input
        [InlineData("[Network(Input = \"0x0x0\")] public partial class N { }")]
        [InlineData("[Block] public partial class B { [Use(typeof(B))] Layer self; } [Network(Input = \"3x8x8\")] public partial class N { [Use(typeof(B))] Layer b; }")]
        [InlineData("[Block] public partial class A { [Use(typeof(C))] Layer c; } [Block] public partial class C { [Repeat(2, typeof(A))] Layer a; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Repeat(\"n\", typeof(N))] Layer r; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N(object o) { [Conv(nameof(o), 3)] Layer c; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3), Repeat(1, typeof(N))] Layer c; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3)] Layer c }")]                 // syntax error
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N<T> { [Conv(8, 3)] Layer c; }")]
        [InlineData("public class Outer { [Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3)] Layer c; } }")]
        [InlineData("[Network(Input = \"3x8x8\")] [Variant(\"v\", 1, 2, 3)] public partial class N(int a) { [Conv(nameof(a), 3)] Layer c; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3, Padding = -1)] Layer c; [ConvStack(\"64 X\")] Layer s; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [ConvStack(\"64 X\")] Layer s; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Dropout(1.5)] Layer d; [Conv(8, 3, Dilation = 0)] Layer c; }")]
        [InlineData("[Block, Branches(Merge.Concat), Residual] public partial class B { [ReLU] Layer a; }")]
        [InlineData("[Block, Branches(Merge.Add)] public partial class B { } [Network(Input = \"3x8x8\")] public partial class N { [Use(typeof(B))] Layer b; }")]
        [InlineData("[Block, SqueezeExcite(\"oops\")] public partial class B { [ReLU] Layer a; } [Network(Input = \"3x8x8\")] public partial class N { [Use(typeof(B))] Layer b; }")]
        [InlineData("[Block, SqueezeExcite(\"oops\")] public partial class B { [ReLU] Layer a; }")]                          // unused: its own error, no broken code
        [InlineData("[Block, Residual(LayerScale = \"scale\")] public partial class B { [Conv(8, 3, Padding = 1)] Layer a; }")]
        [InlineData("[Block, Branches(Merge.Concat, Shuffle = \"g\")] public partial class B { [Conv(8, 1)] Layer a; [Conv(8, 1)] Layer b; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3)] int c; [Conv(8, 3)] Layer forward; }")]
        [InlineData("[Network(Input = \"3x50000x50000\")] public partial class N { [Flatten] Layer f; [Linear(10)] Layer fc; }")]   // 7.5e9 features
        public void Malformed_declarations_get_diagnostics_and_no_exception(string body)
        {
            var result = GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n" + body);
            var compilerErrors = result.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            Assert.True(result.NetDsl.Any() || compilerErrors.Any(), "no diagnostic at all for: " + body);
            Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "ND0015" || d.Id == "CS8785");
            // The generated part never adds compiler errors of its own, which would bury the user's or NetDsl's.
            Assert.DoesNotContain(compilerErrors, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
        }

        /// <summary>
        /// Declarations the generated part cannot complete: each gets its NetDsl error at the offending token, and the build
        /// has no other error (none in generated code: the declaration gets no part, or a stub).
        /// </summary>
        [Theory]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] int a; }", "ND0013", "int")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] public Layer A => null!; }", "ND0013", "A")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] public Layer A { get; init; } = null!; }", "ND0013", "A")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] readonly Layer a = null!; }", "ND0013", "a")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] static Layer a = null!; }", "ND0013", "a")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] Layer forward; }", "ND0013", "forward")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] Layer ParameterCount; }", "ND0013", "ParameterCount")]
        [InlineData("[Block] public partial class B { [Conv(8, 3)] Layer training; }", "ND0013", "training")]
        [InlineData("public class Foo { } [Network(Input = \"3x8x8\")] public partial class Net : Foo { [Conv(8, 3)] Layer a; }", "ND0014", "Foo")]
        [InlineData("[Network(Input = \"3x8x8\")] public static partial class Net { }", "ND0014", "static")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial record Net { [Conv(8, 3)] Layer a; }", "ND0014", "record")]
        [InlineData("[Block] public partial record class B(int w) { [Conv(8, 3)] Layer a; }", "ND0014", "record")]
        public void A_declaration_the_generated_part_cannot_complete_is_reported_at_its_cause(string body, string id, string at)
        {
            string source = "using NetDsl;\nnamespace Demo;\n" + body;
            var result = GeneratorHarness.Run(source);
            var d = Assert.Single(result.NetDsl);
            Assert.Equal(id, d.Id);
            Assert.Equal(at, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        }

        [Fact]
        public void An_enormous_repeat_count_is_refused_at_the_count_quickly()
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            string source = "using NetDsl;\nnamespace Demo;\n[Block] public partial class B { [Conv(8, 3, Padding = 1)] Layer c; }\n"
                + "[Network(Input = \"3x8x8\")] public partial class Net { [Repeat(1000000, typeof(B))] Layer r; }";
            var d = Assert.Single(GeneratorHarness.Run(source).NetDsl);
            Assert.Equal("ND0004", d.Id);
            Assert.Equal("1000000", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
            Assert.StartsWith("r: Repeat of B asks for 1000000 instances, more than the 10000 NetDsl builds", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(watch.Elapsed.TotalSeconds < 20, $"took {watch.Elapsed}");   // it checked a million instances before (about a minute)
        }

        [Fact]
        public void A_block_type_that_does_not_exist_is_the_compilers_error_alone()
        {
            var result = GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n[Network(Input = \"3x8x8\")] public partial class Net { [Repeat(2, typeof(Nope), 3)] Layer a; [Conv(8, 3)] Layer b; }");
            Assert.Empty(result.NetDsl);
            var error = Assert.Single(result.Output.GetDiagnostics().Where(e => e.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            Assert.Equal("CS0246", error.Id);
        }

        [Fact]
        public void Layer_members_in_a_second_part_of_the_class_are_reported_not_dropped()
        {
            var result = GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] Layer a; }",
                "using NetDsl;\nnamespace Demo;\npublic partial class Net { [Conv(8, 3)] Layer b; void Helper() { } }");
            var d = Assert.Single(result.NetDsl);
            Assert.Equal("ND0014", d.Id);
            Assert.Equal(("File1.cs", 2), (d.Location.GetLineSpan().Path, d.Location.GetLineSpan().StartLinePosition.Line));
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            // A second part with other members only (helpers, no layers) is fine.
            Assert.Empty(GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n" + GeneratorHarness.Tiny + "[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] Layer a; }",
                "using NetDsl;\nnamespace Demo;\npublic partial class Net { void Helper() { } }").NetDsl);
        }

        [Fact]
        public void A_class_made_static_by_another_part_is_reported_at_that_parts_static()
        {
            // 'static' written only on the part without [Network]: the class is static all the same, and ND0014 points at the
            // keyword where it is written (the parser looked for it on the attributed part alone, threw, and reported ND0015).
            var result = GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n[Network(Input = \"3x8x8\")] public partial class Net { }",
                "using NetDsl;\nnamespace Demo;\npublic static partial class Net { }");
            Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "ND0015" || d.Id == "CS8785");
            var d = Assert.Single(result.NetDsl);
            Assert.Equal("ND0014", d.Id);
            var span = d.Location.GetLineSpan();
            Assert.Equal(("File1.cs", 2, 7), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
            Assert.Equal("static".Length, d.Location.SourceSpan.Length);
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        }

        [Fact]
        public void An_abstract_network_is_emitted_but_left_out_of_the_catalogue_that_creates_networks()
        {
            var result = GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n[Network(Input = \"3x8x8\")] public abstract partial class Base { [Conv(8, 3)] Layer a; }\npublic sealed class Net : Base { }");
            Assert.Empty(result.NetDsl);
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            Assert.DoesNotContain(result.Run.GeneratedSources, s => s.HintName == "NetDsl.ModelCatalog.g.cs");
        }
    }
}
