using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// A member with wiring but no layer (<c>[Add(nameof(up3))] Layer fuse;</c>, as Keras writes <c>Add()([a, b])</c>): ND0021 at
    /// the tap. Where the next member takes the merged map and nothing taps the layerless member, the message writes the next
    /// member's attribute list with the wiring in front, and that declaration builds.
    /// </summary>
    public class LayerlessWiringTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Fcn = Head + @"
[Network(Input = ""3x16x16"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Conv(8, 3, Padding = 1), ReLU]            Layer c1;
    [MaxPool(2), Conv(4, 3, Padding = 1)]      Layer c2;
    [Conv(4, 1)]                               Layer score2;
    [From(nameof(c1)), Conv(4, 1), MaxPool(2)] Layer score1;
    [Add(FUSE)]                                Layer fuse;
    NEXT
}";

        [Fact]
        public void The_wiring_moves_to_the_front_of_the_next_member_and_that_builds()
        {
            string source = Fcn.Replace("FUSE", "/*ND0021*/nameof(score2)").Replace("NEXT", "[Upsample(2, Mode = Interpolation.Bilinear)] Layer up;");
            var (message, span) = GeneratorHarness.SingleDiagnostic(source);
            Assert.Equal("fuse has wiring but no layer, and a member's output is its last layer's; move [Add(nameof(score2))] to the front of " +
                "the next member's attributes, which then takes the merged map: [Add(nameof(score2)), Upsample(2, Mode = Interpolation.Bilinear)] on up.", message);
            Assert.Equal("nameof(score2)", span);

            // The declaration the message writes.
            var after = GeneratorHarness.Run(Fcn.Replace("[Add(FUSE)]                                Layer fuse;", "")
                .Replace("NEXT", "[Add(nameof(score2)), Upsample(2, Mode = Interpolation.Bilinear)] Layer up;"));
            Assert.Empty(after.NetDsl);
            Assert.Empty(after.CompilerDiagnostics);
            GeneratorHarness.Load(after);
        }

        [Fact]
        public void The_compilers_warnings_on_a_layerless_member_are_suppressed_there_only()
        {
            // fuse holds nothing: ND0021 says so and where its wiring goes; CS0169 (never used) and CS8618 (non-nullable not
            // initialised) only repeated it. An ordinary unused field beside it keeps its warning.
            string source = Fcn.Replace("FUSE", "nameof(score2)").Replace("NEXT", "[Upsample(2)] Layer up;\n    Layer spare;");
            var result = GeneratorHarness.Run("#nullable enable\n" + source);
            Assert.Contains(result.NetDsl, d => d.Id == "ND0021");
            var warnings = result.CompilerDiagnostics.Where(d => d.Id is "CS0169" or "CS8618").ToList();
            Assert.NotEmpty(warnings);
            Assert.All(warnings, d => Assert.Contains("spare", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));

            // A wiring-only member in another part of the class is ND0014, not ND0021: its warnings stay.
            var other = GeneratorHarness.Run("#nullable enable\n" + Head + "[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] Layer a; }",
                "#nullable enable\n" + Head + "public partial class Net { [Add(nameof(a))] Layer fuse; }");
            Assert.Contains(other.NetDsl, d => d.Id == "ND0014");
            Assert.Contains(other.CompilerDiagnostics, d => d.Id is "CS0169" or "CS8618");
        }

        [Fact]
        public void A_layerless_last_member_is_told_to_add_the_layer_that_consumes_the_merge()
        {
            var (message, _) = GeneratorHarness.SingleDiagnostic(Fcn.Replace("FUSE", "/*ND0021*/nameof(score2)").Replace("NEXT", ""));
            Assert.Equal("fuse has wiring but no layer; add the layer that consumes the merged input.", message);
        }

        [Fact]
        public void A_layerless_member_another_member_taps_keeps_the_general_advice()
        {
            // Moving [Add] onto up would change what [From(nameof(fuse))] reads.
            string source = Fcn.Replace("FUSE", "/*ND0021*/nameof(score2)")
                .Replace("NEXT", "[Upsample(2)] Layer up;\n    [From(nameof(fuse)), Conv(4, 1), Upsample(2)] Layer other;");
            var found = GeneratorHarness.Run(GeneratorHarness.Markers(source).Source).NetDsl;
            Assert.Contains(found, d => d.Id == "ND0021" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)
                == "fuse has wiring but no layer; add the layer that consumes the merged input.");
        }
    }
}
