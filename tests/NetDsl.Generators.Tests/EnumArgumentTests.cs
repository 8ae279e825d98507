using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Enum arguments written as PyTorch spells them (<c>Mode = "bilinear"</c>, <c>PaddingMode = "reflect"</c>): ND0002 at the
    /// string names the enum value it spells and carries the edit, which builds; a string that spells none lists the values.
    /// </summary>
    public class EnumArgumentTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Theory]
        [InlineData("[Upsample(2, Mode = /*ND0002*/\"bilinear\")]", "up: Upsample Mode is the string \"bilinear\", but Mode takes an Interpolation value, not a string; write Mode = Interpolation.Bilinear.",
            "[Upsample(2, Mode = Interpolation.Bilinear)]")]
        [InlineData("[Conv(4, 3, Padding = 1, PaddingMode = /*ND0002*/\"reflect\")]", "up: Conv2d PaddingMode is the string \"reflect\", but PaddingMode takes a PaddingMode value, not a string; write PaddingMode = PaddingMode.Reflect.",
            "[Conv(4, 3, Padding = 1, PaddingMode = PaddingMode.Reflect)]")]
        [InlineData("[Activation(/*ND0002*/\"relu6\")]", "up: Activation Kind is the string \"relu6\", but Kind takes an Act value, not a string; write Kind = Act.ReLU6.",
            "[Activation(Act.ReLU6)]")]
        public void A_string_that_spells_an_enum_value_is_reported_at_the_string_with_the_value_edited_in(string layer, string message, string fixedLayer)
        {
            string source = Head + "[Network(Input = \"4x8x8\")]\npublic partial class Net\n{\n    [Conv(4, 3, Padding = 1)] Layer conv;\n    " + layer + " Layer up;\n}";
            var (text, span) = GeneratorHarness.SingleDiagnostic(source);
            Assert.Equal(message, text);
            Assert.StartsWith("\"", span);
            BuildsOnceEdited(source, fixedLayer);
        }

        /// <summary>The one diagnostic of <paramref name="marked"/> (markers removed), its edit applied: the source holds <paramref name="fragment"/> and builds with no diagnostic.</summary>
        static void BuildsOnceEdited(string marked, string fragment)
        {
            var (clean, _) = GeneratorHarness.Markers(marked);
            var d = GeneratorHarness.Run(clean).NetDsl.Single();
            string edited = FixHarness.Apply(clean, d);
            Assert.Contains(fragment, edited);
            var after = GeneratorHarness.Run(edited);
            Assert.Empty(after.NetDsl);
            Assert.Empty(after.CompilerDiagnostics);
            GeneratorHarness.Load(after);
        }

        [Fact]
        public void A_string_that_spells_no_value_lists_them()
        {
            string message = GeneratorHarness.SingleMessage(Head + @"
[Network(Input = ""4x8x8"")]
public partial class Net { [Upsample(2, Mode = ""bicubic"")] Layer up; }", "ND0002");
            Assert.Equal("up: Upsample Mode is the string \"bicubic\", which names no Interpolation value and no parameter; write one of Interpolation.Nearest, Interpolation.Bilinear.", message);
        }

        [Theory]
        // A block's own error is reported once, at the block: the instance walk used to report it again at each [Use] as
        // "unknown name 'nearest'", a worse text at a place with nothing to change.
        [InlineData("[Upsample(2, Mode = \"nearest\")]", "Up.up: Upsample Mode is the string \"nearest\", but Mode takes an Interpolation value, not a string; write Mode = Interpolation.Nearest.")]
        [InlineData("[Conv(4, \"kernle\")]", "Up.up: expression \"kernle\" cannot be evaluated: unknown name 'kernle'; known parameters: kernel (and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network).")]
        public void A_blocks_own_error_is_reported_once_at_the_block_not_again_at_its_uses(string layer, string message)
        {
            string source = Head + "[Block]\npublic partial class Up(int kernel = 1)\n{\n    " + layer + " Layer up;\n}\n" +
                "[Network(Input = \"4x8x8\")]\npublic partial class Net { [Use(typeof(Up))] Layer a; [Repeat(2, typeof(Up))] Layer b; }";
            var run = GeneratorHarness.Run(source);
            var d = Assert.Single(run.NetDsl);
            Assert.Equal("ND0002", d.Id);
            Assert.Equal(message, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(run.CompilerDiagnostics);   // the network is a stub too: its code would call the stubbed block's constructor
        }

        const string ActBlock = @"
[Block] public partial class ActB(int c, Act a = Act.ReLU, bool bias = true) { [Conv(nameof(c), 3, Padding = 1, Bias = nameof(bias)), Activation(nameof(a))] Layer conv; }
";

        [Theory]
        [InlineData("8, /*ND0002*/\"relu\"", "b: ActB argument 'a' is the string \"relu\", but a takes an Act value, not a string; write Act.ReLU.", "[Use(typeof(ActB), 8, Act.ReLU)]")]
        [InlineData("8, Args = \"a: /*ND0002*/gelu\"", "b: ActB argument 'a' is the string \"gelu\", but a takes an Act value, not a string; write Act.GELU.", "[Use(typeof(ActB), 8, Args = \"a: Act.GELU\")]")]
        public void A_string_for_a_blocks_Act_parameter_gets_the_enum_edit_as_an_attribute_property_does(string arguments, string message, string fixedUse)
        {
            string source = Head + ActBlock + "[Network(Input = \"3x8x8\")]\npublic partial class Net { [Use(typeof(ActB), " + arguments + ")] Layer b; }";
            var (text, _) = GeneratorHarness.SingleDiagnostic(source);
            Assert.Equal(message, text);
            BuildsOnceEdited(source, fixedUse);
        }

        [Fact]
        public void A_string_for_a_blocks_bool_parameter_says_the_parameter_takes_a_bool()
        {
            var (text, _) = GeneratorHarness.SingleDiagnostic(Head + ActBlock +
                "[Network(Input = \"3x8x8\")]\npublic partial class Net { [Use(typeof(ActB), 8, Act.ReLU, /*ND0002*/\"yes\")] Layer b; }");
            Assert.Equal("b: ActB argument 'bias' is the string \"yes\", but bias takes a bool, not a string; write true or false.", text);
        }

        [Fact]
        public void In_a_block_an_Act_parameter_named_by_its_string_is_still_the_parameter()
        {
            var run = GeneratorHarness.Run(Head + @"
[Block]
public partial class Cba(int channels, Act act = Act.ReLU)
{
    [Conv(nameof(channels), 3, Padding = 1), Activation(""act"")] Layer conv;
}
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(typeof(Cba), 4, Act.SiLU)] Layer a; [Use(typeof(Cba), 4, Act.Gelu)] Layer b; }".Replace("Act.Gelu", "Act.GELU"));
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
        }
    }
}
