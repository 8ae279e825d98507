extern alias generator;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// A layer on a map's last axis (<c>[Linear(LastDim = true)]</c>, <c>[LayerNorm]</c>) is sized by the input's W: under a
    /// symbolic W its weights would fit the default only, and libtorch would fail at any other width. ND0023 at the layer,
    /// with W fixed in the Input as the edit (which builds); after a channels-last [Permute] the last axis is fixed and fine.
    /// </summary>
    public class SymbolicLastAxisTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Theory]
        [InlineData("[/*ND0023*/Linear(8, LastDim = true)]", "Net: fc (Linear) acts on the last axis of its input, whose size follows the input's W (264 parameters at W = 32, 33032 at W = 4128), so its weights cannot have a fixed size; fix W in the input (Input = \"3xHx32\"), or pool or [Permute(0, 2, 3, 1)] first so that a fixed size reaches the layer's last axis.")]
        [InlineData("[/*ND0023*/LayerNorm]", "Net: fc (LayerNorm) acts on the last axis of its input, whose size follows the input's W (64 parameters at W = 32, 8256 at W = 4128), so its weights cannot have a fixed size; fix W in the input (Input = \"3xHx32\"), or pool or [Permute(0, 2, 3, 1)] first so that a fixed size reaches the layer's last axis.")]
        [InlineData("[/*ND0023*/Linear(8, LastDim = true, In = 32)]", "Net: fc (Linear) acts on the last axis of its input, whose size follows the input's W (32 at W = 32, 4128 at W = 4128), so its In = 32 fits W = 32 only; fix W in the input (Input = \"3xHx32\"), or pool or [Permute(0, 2, 3, 1)] first so that a fixed size reaches the layer's last axis.")]
        [InlineData("[/*ND0023*/LayerNorm(In = 32)]", "Net: fc (LayerNorm) acts on the last axis of its input, whose size follows the input's W (32 at W = 32, 4128 at W = 4128), so its In = 32 fits W = 32 only; fix W in the input (Input = \"3xHx32\"), or pool or [Permute(0, 2, 3, 1)] first so that a fixed size reaches the layer's last axis.")]
        // With In = 32 the weights are fixed, so they are not what varies: the layer fits the default's width alone and every
        // other W fails at it. The cause and the edit are those of the unpinned layer (not ND0022's "cannot derive the sizes it accepts").
        public void A_last_axis_layer_under_a_symbolic_width_is_ND0023_at_the_layer_with_a_fix_that_builds(string layer, string message)
        {
            string source = Head + "[Network(Input = \"3xHxW\", Default = \"3x32x32\")]\npublic partial class Net\n{\n    [Conv(4, 3, Padding = 1)] Layer conv;\n    " + layer + " Layer fc;\n}";
            var (text, span) = GeneratorHarness.SingleDiagnostic(source);
            Assert.Equal(message, text);
            Assert.StartsWith(layer.Contains("Linear") ? "Linear" : "LayerNorm", span);

            var (clean, _) = GeneratorHarness.Markers(source);
            var d = Assert.Single(GeneratorHarness.Run(clean).NetDsl);
            string edited = FixHarness.Apply(clean, d);
            Assert.Contains("Input = \"3xHx32\"", edited);
            var after = GeneratorHarness.Run(edited);
            Assert.Empty(after.NetDsl);
            Assert.Empty(after.CompilerDiagnostics);
            GeneratorHarness.Load(after);
        }

        [Fact]
        public void A_pinned_last_axis_layer_that_fits_a_fixed_width_after_a_permute_is_fine()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""3xHxW"", Default = ""3x32x32"")]
public partial class Net { [Conv(4, 3, Padding = 1)] Layer conv; [Permute(0, 2, 3, 1)] Layer cl; [LayerNorm(In = 4), Linear(8, LastDim = true, In = 4)] Layer mlp; }");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
        }

        [Fact]
        public void ND0023s_title_says_it_covers_last_axis_layers_and_the_release_notes_agree()
        {
            var descriptor = generator::NetDsl.Generators.Diagnostics.DiagnosticCatalog.ById("ND0023");
            Assert.Equal("ND0023", descriptor.Id);
            string title = descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("Flat or last-axis layer size follows a symbolic input size", title);
            string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(Root(), "generators", "NetDsl.Generators", "AnalyzerReleases.Unshipped.md"));
            Assert.Contains("ND0023 | NetDsl | Error | " + title + "\n", releases.Replace("\r\n", "\n"));
        }

        static string Root()
        {
            for (var dir = new System.IO.DirectoryInfo(System.AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "NetDsl.sln"))) return dir.FullName;
            throw new System.InvalidOperationException("NetDsl.sln not found");
        }

        [Fact]
        public void A_symbolic_length_under_a_LayerNorm_is_ND0023()
        {
            var (text, _) = GeneratorHarness.SingleDiagnostic(Head + "[Network(Input = \"1xL\", Default = \"1x100\")]\npublic partial class Net { [Conv(4, 3, Padding = 1)] Layer conv; [/*ND0023*/LayerNorm] Layer norm; }");
            Assert.StartsWith("Net: norm (LayerNorm) acts on the last axis of its input, whose size follows the input's L", text);
            Assert.Contains("(Input = \"1x100\")", text);
        }

        [Fact]
        public void After_a_channels_last_permute_the_last_axis_is_fixed_and_builds()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""3xHxW"", Default = ""3x32x32"")]
public partial class Net { [Conv(4, 3, Padding = 1)] Layer conv; [Permute(0, 2, 3, 1)] Layer cl; [LayerNorm, Linear(8, LastDim = true)] Layer mlp; }");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
        }
    }
}
