using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Architecture lints: warnings with an ID at the argument at fault, the network still generated (suppression: UserBuildTests).</summary>
    public class LintTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Decoder = Head + @"
[Network(Input = ""8x8x8"")]
public partial class Net { [ConvTranspose(4, 3, Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; [GlobalAvgPool] Layer pool; [BatchNorm] Layer bn; }";

        [Fact]
        public void A_transposed_conv_whose_kernel_is_no_multiple_of_its_stride_and_BatchNorm_on_1x1_are_warnings()
        {
            var result = GeneratorHarness.Run(Decoder);
            var found = result.NetDsl.ToList();
            Assert.Equal(new[] { "ND0101", "ND0102" }, found.Select(d => d.Id));
            Assert.All(found, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
            Assert.Equal("up: ConvTranspose2d kernel 3 is not a multiple of its stride 2, so outputs get uneven overlap (checkerboard artefacts, Odena et al. 2016); use Kernel = 4 with Padding = 1, or upsample then convolve.",
                found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("3", Decoder.Substring(found[0].Location.SourceSpan.Start, found[0].Location.SourceSpan.Length));
            Assert.StartsWith("bn: BatchNorm2d over a 1x1 map (4x1x1)", found[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(result.CompilerDiagnostics);
            GeneratorHarness.Load(result);   // a warning does not stop generation
        }
    }
}
