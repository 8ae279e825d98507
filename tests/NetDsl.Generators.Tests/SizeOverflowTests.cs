using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Output sizes are computed in 64-bit arithmetic: a size beyond a 32-bit tensor dimension is an ND0013 at the argument that
    /// makes it so, where a huge Padding wrapped around to a small map (2³¹ − 1 checked as 28x28) or to a negative "too small" one.
    /// </summary>
    public class SizeOverflowTests
    {
        const string Head = GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo;\n";

        [Theory]
        [InlineData("Conv(8, 3, Padding = /*ND0013*/2147483647)", "c: Conv2d output would be 8x4294967300x4294967300, a size beyond a 32-bit tensor dimension (at most 2147483647); use a smaller Padding.", "2147483647")]
        [InlineData("Conv(8, 3, Padding = /*ND0013*/1073741823)", "c: Conv2d output would be 8x2147483652x2147483652, a size beyond a 32-bit tensor dimension (at most 2147483647); use a smaller Padding.", "1073741823")]
        [InlineData("ConvTranspose(8, 3, Stride = /*ND0013*/1000000000)", "c: ConvTranspose2d output would be 8x7000000003x7000000003, a size beyond a 32-bit tensor dimension (at most 2147483647); use a smaller Stride.", "1000000000")]
        [InlineData("Upsample(/*ND0013*/1000000000)", "c: Upsample output would be 3x8000000000x8000000000, a size beyond a 32-bit tensor dimension (at most 2147483647); use a smaller Scale.", "1000000000")]
        public void A_size_beyond_a_tensor_dimension_is_reported_at_the_argument(string layer, string message, string span)
        {
            var (text, at) = GeneratorHarness.SingleDiagnostic(Head + $"[Network(Input = \"3x8x8\")] public partial class N {{ [{layer}] Layer c; }}");
            Assert.Equal(span, at);
            Assert.Equal(message, text);
        }
    }
}
