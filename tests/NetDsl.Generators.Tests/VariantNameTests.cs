using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// [Variant] names whose generated members (Name(), NameParameterCount, NameMultiplyAdds) clash with each other or with a
    /// member of the class are ND0013 at the [Variant]; the generated file would not compile (or hide Network.Summary) otherwise.
    /// </summary>
    public class VariantNameTests
    {
        const string Head = GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo;\n";
        const string Body = "public partial class Net(int width = 8) { [Conv(nameof(width), 3)] Layer c; }";

        [Theory]
        [InlineData("[Variant(\"v\", 4), /*ND0013*/Variant(\"v\", 8)]", "Variant(\"v\", 8)",
            "Net: [Variant(\"v\")] generates Net.V(), VParameterCount and VMultiplyAdds, but another [Variant] has the same name \"v\"; give the variant another name.")]
        [InlineData("[Variant(\"v\", 4), /*ND0013*/Variant(\"V\", 8)]", "Variant(\"V\", 8)",
            "Net: [Variant(\"V\")] generates Net.V(), VParameterCount and VMultiplyAdds, but the [Variant] \"v\" generates the same Net.V(); give the variant another name.")]
        [InlineData("[Variant(\"a_b\", 4), /*ND0013*/Variant(\"a-b\", 8)]", "Variant(\"a-b\", 8)",
            "Net: [Variant(\"a-b\")] generates Net.AB(), ABParameterCount and ABMultiplyAdds, but the [Variant] \"a_b\" generates the same Net.AB(); give the variant another name.")]
        [InlineData("[/*ND0013*/Variant(\"summary\", 4)]", "Variant(\"summary\", 4)",
            "Net: [Variant(\"summary\")] generates Net.Summary(), SummaryParameterCount and SummaryMultiplyAdds, but Net.Summary would hide Network.Summary; give the variant another name.")]
        [InlineData("[/*ND0013*/Variant(\"net\", 4)]", "Variant(\"net\", 4)",
            "Net: [Variant(\"net\")] generates Net.Net(), NetParameterCount and NetMultiplyAdds, but Net.Net would have its class's own name; give the variant another name.")]
        public void Clashing_variant_names_are_reported_at_the_variant(string variants, string span, string message)
        {
            string source = Head + "[Network(Input = \"3x8x8\")]\n" + variants + "\n" + Body;
            var (actual, text) = GeneratorHarness.SingleDiagnostic(source);
            Assert.Equal(span, text);
            Assert.Equal(message, actual);
            var result = GeneratorHarness.Run(source.Replace("/*ND0013*/", ""));
            // Nothing is emitted for the class: no error in a generated file, only the NetDsl one.
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void A_variant_named_like_a_member_is_reported()
        {
            string source = Head + "[Network(Input = \"3x8x8\")]\n[/*ND0013*/Variant(\"c\", 3)]\npublic partial class Net(int width = 8) { [Conv(nameof(width), 3)] Layer C; }";
            var (actual, text) = GeneratorHarness.SingleDiagnostic(source);
            Assert.Equal("Variant(\"c\", 3)", text);
            Assert.Equal("Net: [Variant(\"c\")] generates Net.C(), CParameterCount and CMultiplyAdds, but Net.C is a member the class declares; give the variant another name.", actual);
        }

        [Fact]
        public void Distinct_variant_names_build()
        {
            var result = GeneratorHarness.Run(Head + "[Network(Input = \"3x8x8\")]\n[Variant(\"a_1\", 4), Variant(\"a_2\", 8)]\n" + Body);
            Assert.Empty(result.NetDsl);
            Assert.Empty(result.CompilerDiagnostics.Where(e => e.Severity == DiagnosticSeverity.Error));
        }
    }
}
