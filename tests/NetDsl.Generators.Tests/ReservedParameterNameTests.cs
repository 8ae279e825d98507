using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// A constructor parameter named like the generated code's own locals (<c>__ctx</c>, <c>__shape</c>) is ND0013 at the parameter;
    /// it was read as the local (CS0030 inside the generated file).
    /// </summary>
    public class ReservedParameterNameTests
    {
        [Theory]
        [InlineData("[Network(Input = \"3x16x16\")]\npublic partial class P10(int /*ND0013*/__shape = 3) { [Conv(4, nameof(__shape), Padding = 1)] Layer a; }", "__shape")]
        [InlineData("[Block] public partial class B(int /*ND0013*/__ctx = 2) { [Conv(4, 3, Padding = nameof(__ctx))] Layer a; }\n[Network(Input = \"3x16x16\")]\npublic partial class N { [Use(typeof(B))] Layer b; }", "__ctx")]
        public void A_parameter_named_like_a_generated_local_is_reported_at_it(string source, string name)
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo;\n" + source);
            Assert.Equal(name, span);
            Assert.Contains($"constructor parameter '{name}' starts with \"__\", as the generated code's own names do; rename it.", message);
        }
    }
}
