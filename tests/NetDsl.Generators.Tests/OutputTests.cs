using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Declared outputs (ND0024): Output = "…", and what Task = Reconstruction / Segmentation imply, checked at build time with a fix.</summary>
    public class OutputTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Autoencoder = @"
[Network(Input = ""3x30x30"", Task = ModelTask.Reconstruction)]
public partial class Net
{
    [Conv(8, 3, Padding = 1), ReLU, MaxPool(2)]  Layer enc1;   // 15
    [Conv(16, 3, Padding = 1), ReLU, MaxPool(2)] Layer enc2;   // 7: the odd 15 lost a row
    [ConvTranspose(8, 2, Stride = 2), ReLU]      Layer up1;    // 14
    [ConvTranspose(3, 2, Stride = 2)]            Layer up2;    // 28, not 30
}";

        [Fact]
        public void An_autoencoder_a_pixel_short_of_its_input_is_a_build_error_with_the_OutputPadding_that_fixes_it()
        {
            var d = GeneratorHarness.Run(Head + Autoencoder).NetDsl.Single();
            Assert.Equal("ND0024", d.Id);
            Assert.Equal("Net: the output 3x28x28 is not the input's shape 3x30x30 (Task = Reconstruction: the output reconstructs the input); up1 gives 14x14, 1 pixel short of the size it meets (the stride-2 step down rounded an odd size); add OutputPadding = 1 to it.",
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            string edited = FixHarness.Apply(Head + Autoencoder, d);
            Assert.Contains("[ConvTranspose(8, 2, Stride = 2, OutputPadding = 1), ReLU]", edited);
            var after = GeneratorHarness.Run(edited);
            Assert.Empty(after.NetDsl);
            GeneratorHarness.Load(after);
        }

        [Fact]
        public void A_declared_Output_names_the_layer_whose_width_to_change()
        {
            string source = Head + GeneratorHarness.Tiny + @"
[Network(Input = ""3x8x8"", Output = ""10"")]
public partial class Net { [Conv(8, 3), GlobalAvgPool, Flatten] Layer features; [Linear(1000)] Layer fc; }";
            var (message, span) = GeneratorHarness.SingleDiagnostic(source.Replace("Output = \"10\"", "Output = /*ND0024*/\"10\""));
            Assert.Equal("Net: the output 1000 is not the declared Output 10; give fc 10 outputs (outFeatures: 10).", message);
            Assert.Equal("\"10\"", span);
            var d = GeneratorHarness.Run(source).NetDsl.Single();
            var after = GeneratorHarness.Run(FixHarness.Apply(source, d));
            Assert.Empty(after.NetDsl);
        }

        [Fact]
        public void A_map_where_a_feature_count_is_declared_is_told_the_layers_that_flatten_it_not_a_decoder()
        {
            string source = Head + GeneratorHarness.Tiny + "[Network(Input = \"3x32x32\", Output = /*ND0024*/\"10\")] public partial class N { [Conv(8, 3)] Layer c; }";
            var (message, _) = GeneratorHarness.SingleDiagnostic(source);
            Assert.Equal("N: the output 8x30x30 is not the declared Output 10; end the network with GlobalAvgPool, Flatten, Linear(10).", message);
            var after = GeneratorHarness.Run(source.Replace("/*ND0024*/", "").Replace("Layer c; }", "Layer c; [GlobalAvgPool, Flatten, Linear(10)] Layer head; }"));
            Assert.Empty(after.NetDsl);
        }

        [Fact]
        public void Segmentation_past_the_input_size_is_reported_and_a_full_resolution_one_builds()
        {
            const string Fcn = @"
[Network(Input = ""3x32x32"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Conv(8, 3, Stride = 2, Padding = 1)] Layer features;   // 16x16
    [Conv(2, 1)]                          Layer score;
    UPSAMPLE
}";
            var large = GeneratorHarness.Run(Head + Fcn.Replace("UPSAMPLE", "[Upsample(4)] Layer up;")).NetDsl.Single();
            Assert.Equal("ND0024", large.Id);
            Assert.StartsWith("Net: the output 2x64x64 is neither the input's size 32x32 nor a centred crop of it (Task = Segmentation: one prediction per pixel; masks are centre-cropped to a smaller output);", large.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            var full = GeneratorHarness.Run(Head + Fcn.Replace("UPSAMPLE", "[Upsample(2, Mode = Interpolation.Bilinear)] Layer up;"));
            Assert.Empty(full.NetDsl);
        }
        const string Rpn = @"
[Network(Input = ""3x32x32"", Task = ModelTask.RegionProposal)]
public partial class Net
{
    [Conv(16, 3, Stride = 2, Padding = 1), ReLU] Layer features;   // 16x16x16
    [Conv(HEAD, 1)]                             Layer head;
}";

        [Fact]
        public void A_region_proposal_head_whose_channels_are_not_6k_is_reported_with_the_nearest_count_and_the_fix_builds()
        {
            var d = GeneratorHarness.Run(Head + Rpn.Replace("HEAD", "50")).NetDsl.Single();
            Assert.Equal("ND0024", d.Id);
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith("Net: the output 50x16x16 has 50 channels per position (Task = RegionProposal: a region proposal head outputs a map of 6k channels per position (2k objectness logits and 4k box deltas, k anchors a multiple of 3: 54 for k = 9)); give head 54 outputs", message);
            string edited = FixHarness.Apply(Head + Rpn.Replace("HEAD", "50"), d);
            Assert.Contains("[Conv(54, 1)]", edited);
            var after = GeneratorHarness.Run(edited);
            Assert.Empty(after.NetDsl);
            // k = 3 (18 channels) and k = 6 (36) are heads too; 6k with k not a multiple of 3 (24) is not.
            Assert.Empty(GeneratorHarness.Run(Head + Rpn.Replace("HEAD", "18")).NetDsl);
            Assert.Empty(GeneratorHarness.Run(Head + Rpn.Replace("HEAD", "36")).NetDsl);
            Assert.Contains("give head 18 outputs", GeneratorHarness.Run(Head + Rpn.Replace("HEAD", "24")).NetDsl.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void A_flat_region_proposal_output_is_reported_with_the_convolution_to_end_on()
        {
            string flat = Head + Rpn.Replace("[Conv(HEAD, 1)]                             Layer head;", "[Flatten, Linear(54)] Layer head;");
            var d = GeneratorHarness.Run(flat).NetDsl.Single();
            Assert.Equal("ND0024", d.Id);
            Assert.Contains("the output 54 is not a map (Task = RegionProposal", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("end the network with a 1x1 convolution of 54 channels", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
