using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Whatever a user's values and names are, the generated files compile: a NaN or infinite layer argument is an ND0013 at
    /// it (or, where infinity is meant, a C# literal for it), keyword names keep their '@', a name's line break stays out of
    /// doc comments, and [Obsolete] or 'required' on a layer member does not break the generated code.
    /// </summary>
    public class GeneratedTextTests
    {
        const string Head = GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo;\n";

        static void Compiles(GeneratorHarness.Result result)
        {
            Assert.Empty(result.NetDsl);
            Assert.Equal("", string.Join(" | ", result.CompilerDiagnostics));
        }

        [Theory]
        [InlineData("LeakyReLU(/*ND0013*/float.NaN)", "LeakyReLU Slope must be a finite number, got NaN", "float.NaN")]
        [InlineData("LeakyReLU(/*ND0013*/double.PositiveInfinity)", "LeakyReLU Slope must be a finite number, got Infinity", "double.PositiveInfinity")]
        [InlineData("BatchNorm(Eps = /*ND0013*/double.NaN)", "BatchNorm2d Eps must be a finite number, got NaN", "double.NaN")]
        [InlineData("Hardtanh(/*ND0013*/double.NaN, 1)", "Hardtanh Min must be a finite number, got NaN", "double.NaN")]
        public void A_NaN_or_infinite_layer_argument_is_reported_at_it(string layer, string message, string span)
        {
            var (text, at) = GeneratorHarness.SingleDiagnostic(Head + $"[Network(Input = \"3x8x8\")] public partial class N {{ [Conv(8, 3), {layer}] Layer c; }}");
            Assert.Equal(span, at);
            Assert.Contains(message, text);
        }

        [Fact]
        public void An_infinite_Hardtanh_bound_clamps_one_side_and_compiles()
        {
            var result = GeneratorHarness.Run(Head + "[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3), Hardtanh(double.NegativeInfinity, 6)] Layer c; }");
            Compiles(result);
            Assert.Contains("double.NegativeInfinity", result.Source("Demo.N.g.cs"));
        }

        [Fact]
        public void A_keyword_namespace_and_class_name_compile()
        {
            var result = GeneratorHarness.Run(GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo.@int;\n"
                + "[Network(Input = \"3x8x8\")] public partial class @class { [Conv(8, 3)] Layer @event; }\n"
                + "[Block] public partial class @struct(int @base) { [Conv(nameof(@base), 3, Padding = 1)] Layer c; }\n"
                + "[Network(Input = \"3x8x8\")] public partial class Net { [Use(typeof(@struct), 8)] Layer b; }");
            Compiles(result);
            Assert.Equal(new[] { "Demo._int.Net.g.cs", "Demo._int.class.g.cs", "Demo._int.struct.g.cs", "NetDsl.ModelCatalog.g.cs" },
                result.Run.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, System.StringComparer.Ordinal));
            Assert.Contains("partial class @class", result.Source("Demo._int.class.g.cs"));
        }

        [Fact]
        public void A_catalogue_name_with_a_line_break_stays_in_its_doc_comment_and_string()
        {
            var result = GeneratorHarness.Run(Head + "[Network(Input = \"3x8x8\", Name = \"x\\ny\\u2028z\")] public partial class N { [Conv(8, 3)] Layer c; }");
            Compiles(result);
            Assert.Contains("/// <para>x\\u000ay\\u2028z: 3x8x8", result.Source("Demo.N.g.cs"));
        }

        [Fact]
        public void An_obsolete_layer_member_or_network_adds_no_warning_in_generated_code()
        {
            var result = GeneratorHarness.Run(Head + "[System.Obsolete(\"use N2\"), Network(Input = \"3x8x8\")] public partial class N { [System.Obsolete(\"use c2\"), Conv(8, 3)] public Layer c; }");
            Compiles(result);
        }

        [Fact]
        public void A_required_layer_member_is_reported_at_required()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + "[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3)] public /*ND0013*/required Layer c; }");
            Assert.Equal("required", span);
            Assert.Equal("N.c: the generated Build assigns this member, but 'required' makes every 'new N()' (the model catalogue's too) set it first; remove 'required' (NetDsl keeps the non-nullable warning off layer members).", message);
        }
    }
}
