using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// A null written as an argument is a diagnostic at that null: [Variant("x", null)] and a [Use]/[Repeat] with null passed the
    /// params array itself as null (ND0015, NullReferenceException), and [SqueezeExcite(null)] was ND0013 with no location.
    /// </summary>
    public class NullArgumentTests
    {
        const string Head = GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo;\n[Block] public partial class NB(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer c; }\n";

        [Theory]
        [InlineData("[Network(Input = \"3x8x8\")]\n[Variant(\"x\", /*ND0013*/null)]\npublic partial class Net(int width) { [Conv(nameof(width), 3)] Layer c; }")]
        [InlineData("[Network(Input = \"3x8x8\")]\n[Variant(\"x\", 4, /*ND0013*/null)]\npublic partial class Net(int width, int depth = 1) { [Conv(nameof(width), 3)] Layer c; }")]
        [InlineData("[Network(Input = \"3x8x8\")]\npublic partial class Net { [Use(typeof(NB), /*ND0013*/null)] Layer b; }")]
        [InlineData("[Network(Input = \"3x8x8\")]\npublic partial class Net { [Repeat(2, typeof(NB), /*ND0013*/null)] Layer b; }")]
        [InlineData("[Block, SqueezeExcite(/*ND0013*/null)] public partial class SB { [Conv(8, 3, Padding = 1)] Layer c; }\n[Network(Input = \"3x8x8\")]\npublic partial class Net { [Use(typeof(SB))] Layer b; }")]
        public void A_null_argument_is_reported_at_the_null(string source)
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + source);
            Assert.Equal("null", span);
            Assert.Contains("null", message);
            Assert.DoesNotContain("could not", message);
        }
    }
}
