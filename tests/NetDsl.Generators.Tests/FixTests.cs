using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Real shape bugs, one per class of advice: the diagnostic names the cause and a concrete fix, carries that fix as an
    /// edit, and the edit applied mechanically (<see cref="FixHarness"/>) gives a declaration that builds with no NetDsl
    /// error and keeps the intent (the edited text is the one expected, the network's output is what was designed).
    /// </summary>
    public class FixTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        /// <summary>The first diagnostic must be <paramref name="id"/> and say <paramref name="fix"/>; its edit must give <paramref name="expected"/> (a fragment of the new source), which builds.</summary>
        static string Fixes(string source, string id, string fix, string expected)
        {
            source = Head + source;
            var found = GeneratorHarness.Run(source).NetDsl.ToList();
            Assert.True(found.Count >= 1, "no NetDsl diagnostic");
            var d = found[0];
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(id, d.Id);
            Assert.True(message.Contains(fix, StringComparison.Ordinal), "the message is: " + message);
            string edited = FixHarness.Apply(source, d);
            Assert.Contains(expected, edited);
            var after = GeneratorHarness.Run(edited);
            Assert.True(!after.NetDsl.Any(), "after the edit: " + string.Join(" | ", after.NetDsl) + "\n" + edited);
            Assert.Empty(after.CompilerDiagnostics);
            GeneratorHarness.Load(after);   // the edited program compiles
            return edited;
        }

        const string UNet = @"
[Network(Input = ""3x30x30"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1)]                                    Layer enc1;   // 30
    [MaxPool(2), Conv(8, 3, Padding = 1)]                        Layer enc2;   // 15
    [MaxPool(2), Conv(8, 3, Padding = 1)]                        Layer bottom; // 7
    [Upsample(2)]                                                Layer up2;    // 14, not 15
    [Concat(nameof(enc2)), Conv(8, 3, Padding = 1)]              Layer dec2;
    [Upsample(2)]                                                Layer up1;
    [Concat(nameof(enc1)), Conv(2, 1)]                           Layer dec1;
}";

        [Fact]
        public void Off_by_one_merge_after_stride_2_steps_gets_the_nearest_input_that_works_not_a_crop()
        {
            string edited = Fixes(UNet, "ND0017",
                "an odd size reaches a stride-2 step (bottom.0 turns 15x15 into 7x7), so the paths meet at different sizes: use Input = \"3x28x28\", the nearest input every path agrees on.",
                "Input = \"3x28x28\"");
            Assert.Equal(new long[] { 1, 2, 28, 28 }, Forward(edited, "Demo.Net", 3, 28));
        }

        [Fact]
        public void Paths_that_round_differently_get_CeilMode()
        {
            Fixes(@"
[Block, Branches(Merge.Concat)]
public partial class Down
{
    [Conv(8, 3, Stride = 2, Padding = 1)] Layer conv;   // 15 → 8
    [MaxPool(2)]                          Layer pool;   // 15 → 7
}
[Network(Input = ""8x15x15"")]
public partial class Net { [Use(typeof(Down))] Layer down; }", "ND0017",
                "the paths round differently: down.pool rounds 15x15 down to 7x7 where the other path rounds up; add CeilMode = true to it.",
                "[MaxPool(2, CeilMode = true)]");
        }

        const string ShortDecoder = @"
[Network(Input = ""3x15x15"")]
public partial class Net
{
    [Conv(8, 3, Padding = 1)]              Layer enc;    // 15
    [MaxPool(2), Conv(16, 3, Padding = 1)] Layer down;   // 7
    [ConvTranspose(8, 2, Stride = 2)]      Layer up;     // 14
    [Add(nameof(enc)), Conv(2, 1)]         Layer head;
}";

        [Fact]
        public void A_transposed_convolution_one_pixel_short_of_its_skip_gets_OutputPadding_where_the_input_cannot_change()
        {
            // A symbolic input has no size to move to: OutputPadding makes up the pixel the pool rounded off.
            Fixes(ShortDecoder.Replace("Input = \"3x15x15\"", "Input = \"3xHxW\", Default = \"3x15x15\""), "ND0006",
                "up gives 14x14, 1 pixel short of the size it meets (the stride-2 step down rounded an odd size); add OutputPadding = 1 to it.",
                "[ConvTranspose(8, 2, Stride = 2, OutputPadding = 1)]");
        }

        [Fact]
        public void A_fixed_input_moves_to_the_nearest_even_size_rather_than_pad_what_the_rounding_lost()
        {
            // OutputPadding = 1 would build but leave ND0103 (the pixel the pool dropped is made up by padding); the input does not.
            string edited = Fixes(ShortDecoder, "ND0006",
                "an odd size reaches a stride-2 step (down.0 turns 15x15 into 7x7), so the paths meet at different sizes: use Input = \"3x14x14\", the nearest input every path agrees on.",
                "Input = \"3x14x14\"");
            Assert.Equal(new long[] { 1, 2, 14, 14 }, Forward(edited, "Demo.Net", 3, 14));
        }

        [Fact]
        public void An_OutputPadding_that_overshoots_an_even_path_is_removed_rather_than_the_input_made_odd()
        {
            // 30 halves to 15 without rounding, so OutputPadding = 1 gives 31 against 30. Input = "3x29x29" also builds, but
            // only by rounding 29 down and padding the pixel back (ND0103): the edit that builds without a warning wins.
            Fixes(@"
[Network(Input = ""3x30x30"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1)]                            Layer enc1;
    [MaxPool(2), Conv(8, 3, Padding = 1)]                Layer enc2;
    [ConvTranspose(4, 2, Stride = 2, OutputPadding = 1)] Layer up;
    [Concat(nameof(enc1)), Conv(2, 1)]                   Layer dec;
}", "ND0017", "up gives 31x31, 1 pixel over the size it meets (its OutputPadding = 1 makes up pixels no stride step rounded off); set OutputPadding = 0.",
                "[ConvTranspose(4, 2, Stride = 2, OutputPadding = 0)]");
        }

        [Fact]
        public void A_dilated_conv_with_the_wrong_padding_is_a_spatial_mismatch_fixed_by_Padding_equal_Dilation()
        {
            string source = @"
[Block, Residual(Projection = ""downsample"")]
public partial class Atrous(int width)
{
    [Conv(nameof(width), 3, Padding = 1, Dilation = 2)] Layer conv;   // 32 → 30, not the channel change the projection handles
}
[Network(Input = ""16x32x32"")]
public partial class Net { [Use(typeof(Atrous), 32)] Layer block; }";
            var d = GeneratorHarness.Run(Head + source).NetDsl.Single();
            Assert.Equal("ND0006", d.Id);
            // Reported at the [Use] that chose the block; the fix and the block's [Residual] as additional locations.
            Assert.Equal("Use(typeof(Atrous), 32)", Text(Head + source, d.Location));
            Assert.Equal(new[] { "1", "Residual(Projection = \"downsample\")" }, d.AdditionalLocations.Select(l => Text(Head + source, l)));
            Fixes(source, "ND0006",
                "block.downsample: residual add of body output 32x30x30 and shortcut 16x32x32: no 1x1 projection stride takes 32x32 to the body's 30x30, so the body changes the size by more than a stride; block.conv (kernel 3, dilation 2) pads 1 and turns 32x32 into 30x30; set Padding = 2 (Padding = Dilation keeps a 3x3's size).",
                "Padding = 2, Dilation = 2");
        }

        [Fact]
        public void An_input_written_HxWxC_gets_the_layout_hint()
        {
            Fixes(GeneratorHarness.Tiny + @"
[Network(Input = ""32x32x3"")]
public partial class Net { [Conv(16, 3, Padding = 1, In = 3)] Layer conv; [GlobalAvgPool, Flatten] Layer pool; [Linear(10)] Layer fc; }", "ND0008",
                "the Input 32x32x3 reads as 32 channels of 32x3 pixels, which looks like HxWxC (Keras's order); NetDsl reads CxHxW: write Input = \"3x32x32\".",
                "Input = \"3x32x32\"");
        }

        [Fact]
        public void Groups_get_the_nearest_channel_count_that_works()
        {
            Fixes(@"
[Network(Input = ""8x8x8"")]
public partial class Net { [Conv(6, 3, Groups = 4)] Layer conv; }", "ND0010",
                "conv: Conv2d Groups = 4 must divide both its in-channels (8) and out-channels (6); use outChannels: 8, the nearest multiple of 4 (or Groups = 2, the nearest count that divides both).",
                "[Conv(8, 3, Groups = 4)]");
        }

        [Fact]
        public void Groups_that_do_not_divide_the_input_get_the_nearest_group_count()
        {
            Fixes(@"
[Network(Input = ""6x8x8"")]
public partial class Net { [Conv(12, 3, Groups = 4)] Layer conv; }", "ND0010",
                "use Groups = 3, the nearest count that divides both.", "Groups = 3");
        }

        [Fact]
        public void A_pool_window_larger_than_the_map_becomes_global_pooling()
        {
            Fixes(GeneratorHarness.Tiny + @"
[Network(Input = ""3x32x32"")]
public partial class Net
{
    [Conv(8, 3, Stride = 2, Padding = 1)] Layer conv;   // 16
    [MaxPool(2), MaxPool(2), AvgPool(7)]  Layer pool;   // 4x4 for a 7x7 window (sized for 224)
    [Flatten, Linear(10)]                 Layer fc;
}", "ND0007",
                "a 7x7 window does not fit the 4x4 map; pool the whole map instead: replace [AvgPool(7)] with [GlobalAvgPool] (or AdaptiveAvgPool(n) for an n x n output) (or Input = \"3x55x55\", the smallest square input every layer accepts).",
                "[MaxPool(2), MaxPool(2), GlobalAvgPool]");
        }

        [Fact]
        public void A_conv_kernel_larger_than_the_map_gets_the_kernel_that_fits()
        {
            Fixes(@"
[Network(Input = ""1x8x8"")]
public partial class Net { [Conv(4, 11)] Layer conv; }", "ND0007",
                "conv: Conv2d output would be 4x0x0 for input 1x8x8 (kernel 11, stride 1, padding 0); the input is too small; use kernel: 8, the largest kernel the 8x8 map holds at this padding (or Input = \"1x11x11\", the smallest square input every layer accepts).",
                "[Conv(4, 8)]");
        }

        [Fact]
        public void A_pinned_In_twice_what_arrives_is_the_forgotten_skip_concat()
        {
            string edited = Fixes(@"
[Network(Input = ""3x16x16"")]
public partial class Net
{
    [Conv(16, 3, Padding = 1)]                 Layer enc1;   // 16x16x16
    [MaxPool(2), Conv(32, 3, Padding = 1)]     Layer enc2;   // 32x8x8
    [Upsample(2)]                              Layer up;     // 32x16x16
    [Conv(16, 3, Padding = 1, In = 48)]        Layer dec1;   // designed for cat(enc1, up)
    [Conv(2, 1)]                               Layer head;
}", "ND0008",
                "dec1: Conv2d declares In = 48 but its input 32x16x16 has 32 channels; the 16 missing channels are exactly enc1's output 16x16x16: the skip concat seems forgotten; add [Concat(nameof(enc1))] to dec1 (In = 32 would build but drop the skip).",
                "[Concat(nameof(enc1)), Conv(16, 3, Padding = 1, In = 48)]");
            Assert.Contains("In = 48", edited);   // the designed width is kept, not lowered to what arrived
        }

        [Fact]
        public void A_classifier_sized_for_another_input_gets_adaptive_pooling_before_Flatten()
        {
            string edited = Fixes(@"
[Network(Input = ""3x64x64"")]
public partial class Net
{
    [Conv(8, 3, Padding = 1), ReLU, MaxPool(2)] Layer block1;   // 32
    [Conv(8, 3, Padding = 1), ReLU, MaxPool(4)] Layer block2;   // 8
    [MaxPool(2), Flatten]                      Layer pool;     // 8x4x4 = 128
    [Linear(10, In = 392)]                     Layer fc;       // sized for 8x7x7
}", "ND0008",
                "fc: Linear declares In = 392 but its input 128 has 128 features; In = 392 is a 8x7x7 map flattened, but [Flatten] gets 8x4x4: the classifier was sized for another input; add [AdaptiveAvgPool(7)] before [Flatten] so every input gives 8x7x7.",
                "[MaxPool(2), AdaptiveAvgPool(7), Flatten]");
            Assert.Equal(new long[] { 1, 10 }, Forward(edited, "Demo.Net", 3, 64));
        }

        [Fact]
        public void Adaptive_pooling_that_would_pool_a_shallow_field_gives_way_to_the_flat_size()
        {
            // Pooling 32x8x8 to 32x1x1 fits In = 32, but each pooled feature would see 7x7 of the 32x32 input (ND0104): the
            // fix that builds without a warning is the flat size itself (docs/diagnostics.md: a fix raising a lint comes last).
            Fixes(@"
[Network(Input = ""3x32x32"")]
public partial class Net
{
    [Conv(32, 3, Stride = 2, Padding = 1), ReLU] Layer conv1;   // 16
    [Conv(32, 3, Stride = 2, Padding = 1), ReLU] Layer conv2;   // 8
    [Flatten]                                    Layer flat;
    [Linear(128, In = 32), ReLU]                 Layer fc1;
    [Linear(10)]                                 Layer fc2;
}", "ND0008",
                "fc1: Linear declares In = 32 but its input 2048 has 2048 features; set In = 2048 or remove In to infer it.",
                "In = 2048");
        }

        [Fact]
        public void A_residual_block_that_changes_channels_gets_the_projection()
        {
            Fixes(@"
[Block, Residual]
public partial class Widen(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer conv1; }
[Network(Input = ""16x32x32"")]
public partial class Net { [Use(typeof(Widen), 32)] Layer block; }", "ND0005",
                "add Projection = \"downsample\" to [Residual] (a 1x1 convolution and BatchNorm on the shortcut, as torchvision's ResNet).",
                "[Block, Residual(Projection = \"downsample\")]");
        }

        [Fact]
        public void Linear_on_a_map_gets_Flatten()
        {
            Fixes(@"
[Network(Input = ""8x2x2"")]
public partial class Net { [Linear(10)] Layer fc; }", "ND0009", "add [Flatten] before it", "[Flatten, Linear(10)]");
        }

        [Fact]
        public void Crop_is_offered_only_where_it_centres_and_then_builds()
        {
            Fixes(@"
[Network(Input = ""1x12x12"")]
public partial class Net
{
    [Conv(2, 3)]                           Layer enc;   // 10
    [Conv(2, 3)]                           Layer mid;   // 8
    [Concat(nameof(enc)), Conv(2, 1)]      Layer dec;
}", "ND0017", "add Crop = true to crop enc's 10x10 to 8x8 (original U-Net).", "[Concat(nameof(enc), Crop = true), Conv(2, 1)]");
        }

        [Fact]
        public void A_path_half_the_skips_size_gets_upsampled_not_a_crop_that_drops_three_quarters()
        {
            string edited = Fixes(@"
[Network(Input = ""1x16x16"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1)]                      Layer enc;      // 16
    [MaxPool(2), Conv(8, 3, Padding = 1)]          Layer bottom;   // 8: the decoder's upsampling forgotten
    [Concat(nameof(enc)), Conv(4, 3, Padding = 1)] Layer dec;
}", "ND0017", "bottom.1 gives 8x8, 2 times smaller than enc's 16x16 on both sides: upsample the path before the merge; add [Upsample(2)] after it.",
                "[MaxPool(2), Conv(8, 3, Padding = 1), Upsample(2)]");
            Assert.Equal(new long[] { 1, 4, 16, 16 }, Forward(edited, "Demo.Net", 1, 16));
        }

        [Fact]
        public void An_off_centre_crop_gets_an_input_size_not_the_crop_again()
        {
            Fixes(@"
[Network(Input = ""1x31x31"")]
public partial class Net
{
    [Conv(2, 3)]                                     Layer enc;    // 29
    [MaxPool(2), Conv(2, 3)]                         Layer down;   // 14 → 12
    [Upsample(2)]                                    Layer up;     // 24: 5 short of 29, an odd crop
    [Concat(nameof(enc), Crop = true), Conv(2, 1)]   Layer dec;
}", "ND0017", "use Input = \"1x30x30\", the nearest input every path agrees on.", "Input = \"1x30x30\"");
        }

        [Theory]
        // A value that is only a block parameter is fixed where this use gives it: positionally, in Args, in First, as the
        // block's default, through the network's own parameter (its default, or a variant's argument). Writing the constant over
        // nameof(k) would change the block for every use and leave k unread (CS9113, a new warning).
        [InlineData("[Block] public partial class B(int k) { [Conv(4, nameof(k))] Layer conv; }\n[Network(Input = \"1x8x8\")] public partial class Net { [Use(typeof(B), 11)] Layer b; }",
            "[Use(typeof(B), 8)]")]
        [InlineData("[Block] public partial class B(int k) { [Conv(4, nameof(k))] Layer conv; }\n[Network(Input = \"1x8x8\")] public partial class Net { [Use(typeof(B), Args = \"k: 11\")] Layer b; }",
            "Args = \"k: 8\"")]
        [InlineData("[Block] public partial class B(int k = 11) { [Conv(4, nameof(k))] Layer conv; }\n[Network(Input = \"1x8x8\")] public partial class Net { [Use(typeof(B))] Layer b; }",
            "B(int k = 8)")]
        [InlineData("[Block] public partial class B(int k) { [Conv(4, nameof(k))] Layer conv; }\n[Network(Input = \"1x8x8\")] public partial class Net(int size = 11) { [Use(typeof(B), nameof(size))] Layer b; }",
            "Net(int size = 8)")]
        [InlineData("[Block] public partial class B(int k) { [Conv(4, nameof(k))] Layer conv; }\n[Network(Input = \"1x8x8\")] [Variant(\"v1\", 11)] public partial class Net(int size = 3) { [Use(typeof(B), nameof(size))] Layer b; }",
            "[Variant(\"v1\", 8)]")]
        [InlineData("[Network(Input = \"1x8x8\")] public partial class Net(int k = 11) { [Conv(4, nameof(k))] Layer conv; }",
            "Net(int k = 8)")]
        public void A_kernel_given_through_a_parameter_is_fixed_where_the_value_is_written(string source, string expected)
        {
            string edited = Fixes(source, "ND0007", "8 (", expected);
            Assert.Contains("nameof(k)", edited);
        }

        [Fact]
        public void A_pool_window_given_through_a_parameter_is_set_where_it_is_given_not_replaced_by_global_pooling_in_the_block()
        {
            // [AdaptiveMaxPool(1)] over [MaxPool(kernel: nameof(k))] would change the block for every use and leave k unread (CS9113).
            Fixes(GeneratorHarness.Tiny + @"
[Block] public partial class P(int k) { [MaxPool(kernel: nameof(k))] Layer p; }
[Network(Input = ""4x6x6"")] public partial class Net { [Use(typeof(P), Args = ""k: 8"")] Layer p; }", "ND0007",
                "use k: 6 (P's kernel), the largest window the 6x6 map holds", "Args = \"k: 6\"");
        }

        [Fact]
        public void An_edit_the_message_does_not_name_is_not_offered()
        {
            // A Multiply whose gate does not broadcast: the message gives the ways out in words; shrinking the input to 3x3x3 (the
            // nearest input at which 14x14 became 1x1) builds, but was attached as an edit the message never named.
            var d = GeneratorHarness.Run(Head + @"
[Network(Input = ""3x16x16"")]
public partial class Net { [Conv(8, 3, Padding = 1)] Layer enc; [Conv(8, 3)] Layer mid; [Multiply(nameof(enc)), Conv(4, 1)] Layer dec; }").NetDsl.Single();
            Assert.Equal("ND0006", d.Id);
            Assert.False(FixHarness.HasFix(d));
        }

        [Fact]
        public void A_channel_count_passed_to_one_use_of_a_shared_block_is_fixed_at_that_use_only()
        {
            string edited = Fixes(@"
[Block] public partial class B(int width, int stride = 1) { [Conv(nameof(width), 3, Stride = nameof(stride), Padding = 1, Groups = 4)] Layer conv; }
[Network(Input = ""8x8x8"")]
public partial class Net
{
    [Use(typeof(B), 8)]                          Layer a;
    [Repeat(2, typeof(B), 6, First = ""stride: 2"")] Layer b;   // 6 output channels in groups of 4
}", "ND0010", "use width: 8 (B's outChannels), the nearest multiple of 4", "[Repeat(2, typeof(B), 8, First = \"stride: 2\")]");
            Assert.Contains("[Conv(nameof(width), 3, Stride = nameof(stride), Padding = 1, Groups = 4)]", edited);
            Assert.Contains("[Use(typeof(B), 8)]", edited);
        }

        [Fact]
        public void A_value_given_in_First_is_fixed_in_First()
        {
            Fixes(@"
[Block] public partial class B(int width = 4, int k = 1) { [Conv(nameof(width), nameof(k))] Layer conv; }
[Network(Input = ""4x8x8"")]
public partial class Net { [Repeat(2, typeof(B), First = ""k: 11"")] Layer b; }", "ND0007", "use k: 8 (B's kernel)", "First = \"k: 8\"");
        }

        [Fact]
        public void A_squeeze_excite_reduction_given_through_a_parameter_is_set_at_the_use_that_gives_it()
        {
            string edited = Fixes(@"
[Block, SqueezeExcite(nameof(r))] public partial class SE(int width, int r) { [Conv(nameof(width), 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(typeof(SE), 32, 4)] Layer a; [Use(typeof(SE), 8, 16)] Layer b; }", "ND0018",
                "b.se: SqueezeExcite reduction 16 leaves 8 / 16 = 0 channels; use a reduction ≤ 8: r: 8 (SE's reduction) squeezes the 8 channels to 1.",
                "[Use(typeof(SE), 8, 8)]");
            Assert.Contains("[Block, SqueezeExcite(nameof(r))]", edited);
            Assert.Contains("[Use(typeof(SE), 32, 4)]", edited);
        }

        [Fact]
        public void A_squeeze_excite_reduction_shared_by_every_use_gets_one_that_suits_them_all()
        {
            // One constant on the block: 16 suits the 16-channel use but leaves the 8-channel one with none; 8 suits both.
            Fixes(@"
[Block, SqueezeExcite(32)] public partial class SE(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(typeof(SE), 16)] Layer a; [Use(typeof(SE), 8)] Layer b; }", "ND0018",
                "use a reduction ≤ 16: [SqueezeExcite(8)] squeezes the 16 channels to 2.", "[Block, SqueezeExcite(8)]");
        }

        [Fact]
        public void A_checkerboard_transposed_convolution_gets_an_even_kernel_that_keeps_its_odd_output()
        {
            // 3x3 at stride 2 without padding gives 2n + 1 (15 from 7), which the declared output needs: kernel 4 alone would
            // give 16, and the message's old advice (Padding = 1) 14; Padding = 1 with OutputPadding = 1 keeps 15.
            Fixes(@"
[Network(Input = ""8x7x7"", Output = ""2x15x15"", Task = ModelTask.Segmentation)]
public partial class Net { [ConvTranspose(outChannels: 8, kernel: 3, Stride = 2)] Layer up; [Conv(2, 1)] Layer head; }", "ND0101", "use kernel: 4 with Padding = 1 and OutputPadding = 1 (the same 15x15 output), or upsample then convolve.",
                "[ConvTranspose(outChannels: 8, kernel: 4, Stride = 2, Padding = 1, OutputPadding = 1)] Layer up;");
        }

        [Fact]
        public void A_checkerboard_kernel_given_through_a_parameter_is_set_at_the_use_with_the_paddings_in_the_block()
        {
            // The kernel is set at the use (k: 3 to 4), its paddings in the block (OutputPadding 1 to 0): two edits, one fix,
            // offered as the block is used once and k sizes nothing else; the 16x16 output is kept.
            string edited = Fixes(@"
[Block] public partial class Up(int k) { [ConvTranspose(8, nameof(k), Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; }
[Network(Input = ""8x8x8"")] public partial class Net { [Use(typeof(Up), 3)] Layer up; [Conv(2, 1)] Layer head; }", "ND0101",
                "use kernel: 4 with Padding = 1 and OutputPadding = 0 (the same 16x16 output)", "[Use(typeof(Up), 4)] Layer up;");
            Assert.Contains("[ConvTranspose(8, nameof(k), Stride = 2, Padding = 1, OutputPadding = 0)] Layer up;", edited);
            Assert.Equal(new long[] { 1, 2, 16, 16 }, Forward(edited, "Demo.Net", 8, 8));
        }

        [Fact]
        public void A_checkerboard_kernel_every_use_passes_alike_is_set_at_each_use_with_the_paddings_in_the_block()
        {
            string edited = Fixes(@"
[Block] public partial class Up(int k) { [ConvTranspose(8, nameof(k), Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; }
[Network(Input = ""8x4x4"")] public partial class Net { [Use(typeof(Up), 3)] Layer up1; [Use(typeof(Up), 3)] Layer up2; [Conv(2, 1)] Layer head; }", "ND0101",
                "use kernel: 4 with Padding = 1 and OutputPadding = 0 (the same 8x8 output)", "[Use(typeof(Up), 4)] Layer up1; [Use(typeof(Up), 4)] Layer up2;");
            Assert.Contains("[ConvTranspose(8, nameof(k), Stride = 2, Padding = 1, OutputPadding = 0)] Layer up;", edited);
            Assert.Equal(new long[] { 1, 2, 16, 16 }, Forward(edited, "Demo.Net", 8, 4));
        }

        [Theory]
        // Used twice with two kernels: the paddings in the block would suit one use's kernel and not the other's.
        [InlineData("[Block] public partial class Up(int k) { [ConvTranspose(8, nameof(k), Stride = 2, Padding = 2, OutputPadding = 1)] Layer up; }",
            "[Use(typeof(Up), 5)] Layer up1; [Conv(8, 3, Padding = 1)] Layer mid; [Use(typeof(Up), 3)] Layer up2; [Conv(2, 1)] Layer head;")]
        // k sizes another layer too: setting it to 4 changes that one's output.
        [InlineData("[Block] public partial class Up(int k) { [ConvTranspose(8, nameof(k), Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; [Conv(8, nameof(k))] Layer conv; }",
            "[Use(typeof(Up), 3)] Layer up; [Conv(2, 1)] Layer head;")]
        // The stride is a parameter too: the paddings depend on it.
        [InlineData("[Block] public partial class Up(int k, int s) { [ConvTranspose(8, nameof(k), Stride = nameof(s), Padding = 1, OutputPadding = 1)] Layer up; }",
            "[Use(typeof(Up), 3, 2)] Layer up; [Conv(2, 1)] Layer head;")]
        public void A_checkerboard_kernel_given_through_a_parameter_other_instances_read_is_named_but_not_edited(string block, string members)
        {
            var found = GeneratorHarness.Run(Head + block + @"
[Network(Input = ""8x8x8"")] public partial class Net { " + members + " }").NetDsl.ToList();
            Assert.NotEmpty(found);
            Assert.All(found, d => Assert.Equal("ND0101", d.Id));
            Assert.Contains("; use kernel: ", found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.All(found, d => Assert.False(FixHarness.HasFix(d)));
        }

        [Theory]
        // A convolution written after the [Flatten] of its own member: the two swapped, in one attribute list or across two.
        [InlineData("[Conv(8, 3), Flatten, Conv(16, 3)] Layer body;", "[Conv(8, 3), Conv(16, 3), Flatten] Layer body;")]
        [InlineData("[Conv(8, 3), Flatten][MaxPool(2, Stride = 1)] Layer body;", "[Conv(8, 3), MaxPool(2, Stride = 1), Flatten] Layer body;")]
        public void A_map_layer_right_after_its_members_Flatten_is_moved_before_it(string member, string expected)
        {
            Fixes(@"
[Network(Input = ""1x12x12"")]
public partial class Net { " + member + @" [Linear(10)] Layer fc; }", "ND0011", "; move it before the [Flatten] it follows: [", expected);
        }

        [Theory]
        // A [Flatten] in an earlier member: moved to just before the first Linear after the layer that needs the map (two edits,
        // one fix), from a list it shares (its comma goes too) or a list of its own.
        [InlineData("[Conv(8, 3), Flatten] Layer body; [Conv(16, 3)] Layer late; [Linear(10)] Layer fc;",
            "move [Flatten] from body to just before fc's [Linear(10)], once the layers that need a map are done.",
            "[Conv(8, 3)] Layer body; [Conv(16, 3)] Layer late; [Flatten, Linear(10)] Layer fc;")]
        [InlineData("[Conv(8, 3)] [Flatten] Layer body; [ReLU] Layer act; [MaxPool(2), Dropout(0.5), Linear(10)] Layer fc;",
            "move [Flatten] from body to just before fc's [Linear(10)]",
            "[Conv(8, 3)] Layer body; [ReLU] Layer act; [MaxPool(2), Dropout(0.5), Flatten, Linear(10)] Layer fc;")]
        [InlineData("[Flatten, Dropout(0.1)] Layer drop; [Conv(4, 3), ReLU] Layer conv; [Linear(10)] Layer fc;",
            "move [Flatten] from drop to just before fc's [Linear(10)]",
            "[Dropout(0.1)] Layer drop; [Conv(4, 3), ReLU] Layer conv; [Flatten, Linear(10)] Layer fc;")]
        // No Linear after it: the [Flatten] goes after the last layer of the member that needs the map.
        [InlineData("[Conv(8, 3), Flatten] Layer body; [Conv(16, 3), ReLU] Layer late;",
            "move [Flatten] from body to after late's [ReLU]", "[Conv(8, 3)] Layer body; [Conv(16, 3), ReLU, Flatten] Layer late;")]
        public void A_map_layer_after_a_Flatten_in_an_earlier_member_gets_the_Flatten_moved_before_the_classifier(string members, string fix, string expected)
        {
            Fixes(@"
[Network(Input = ""1x12x12"")]
public partial class Net { " + members + " }", "ND0011", fix, expected);
        }

        [Theory]
        // The [Flatten] alone in its member: taking it out would leave the member without a layer.
        [InlineData("[Conv(8, 3)] Layer body; [Flatten] Layer flat; [Conv(16, 3)] Layer late; [Linear(10)] Layer fc;")]
        // A Linear between them that the map layer needs flat: moving the [Flatten] past it breaks that one (re-walked, refused).
        [InlineData("[Conv(8, 3), Flatten] Layer body; [Linear(32), Conv(16, 3)] Layer late; [Linear(10)] Layer fc;")]
        public void A_map_layer_after_a_Flatten_that_cannot_be_moved_keeps_the_words_only(string members)
        {
            var d = GeneratorHarness.Run(Head + @"
[Network(Input = ""1x12x12"")]
public partial class Net { " + members + " }").NetDsl.First();
            Assert.Equal("ND0011", d.Id);
            Assert.EndsWith("move it before [Flatten] or declare a CxHxW Input.", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.False(FixHarness.HasFix(d));
        }

        [Theory]
        // A symbolic form that admits sizes the layers reject, narrowed to exactly the ones they accept (both axes in one edit):
        // every other multiple of 8 halves to nothing before the 16x upsampling; a 9x9 convolution before a 4x4 pool needs 12.
        [InlineData("[Network(Input = \"3x(8k)x(8k)\", Default = \"3x32x32\")] public partial class Net { [Conv(4, 3, Padding = 1)] Layer enc; "
            + "[MaxPool(2), MaxPool(2), MaxPool(2), MaxPool(2)] Layer down; [Upsample(16)] Layer up; [Add(nameof(enc)), Conv(2, 1)] Layer head; }",
            "the layers need H a multiple of 16 (H ≥ 16): narrow the declared form: Input = \"3x(16k)x(16k)\".", "Input = \"3x(16k)x(16k)\"")]
        [InlineData("[Network(Input = \"1x(4k)x(4k)\", Default = \"1x32x32\")] public partial class Net { [Conv(4, 9)] Layer a; [MaxPool(4)] Layer p; }",
            "narrow the declared form: Input = \"1x(4k+12)x(4k+12)\".", "Input = \"1x(4k+12)x(4k+12)\"")]
        public void A_symbolic_form_that_admits_rejected_sizes_is_narrowed_to_the_ones_the_layers_accept(string source, string fix, string expected)
        {
            Fixes(source, "ND0022", fix, expected);
        }

        /// <summary>
        /// One case per diagnostic ID whose fix the IDE offers, each in another setting (named arguments, inside a block used by
        /// [Use]/[Repeat], a [Variant], a [Skip] concat, a layer stacked on a member): the edit applied literally builds and
        /// leaves no NetDsl diagnostic and no compiler warning.
        /// </summary>
        public static TheoryData<string, string, string> EveryFixableId => new()
        {
            { "ND0002", "[Network(Input = \"3x32x32\")] public partial class Net { [Conv(8, 3), Upsample(2, Mode = \"bilinear\")] Layer up; }", "Mode = Interpolation.Bilinear" },
            { "ND0005", "[Block, Residual(After = Act.ReLU)] public partial class Widen(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer conv1; }\n"
                + "[Network(Input = \"16x32x32\")] [Variant(\"wide\", 64)] public partial class Net(int w = 16) { [Use(typeof(Widen), nameof(w))] Layer block; }",
                "Residual(After = Act.ReLU, Projection = \"downsample\")" },
            { "ND0006", "[Block, Residual] public partial class Body { [Conv(16, 3)] Layer conv1; }\n[Network(Input = \"16x32x32\")] public partial class Net { [Use(typeof(Body))] Layer block; }",
                "[Conv(16, 3, Padding = 1)]" },
            { "ND0007", "[Network(Input = \"1x8x8\")] public partial class Net { [Conv(outChannels: 4, kernel: 11)] Layer conv; }", "kernel: 8" },
            { "ND0008", "[Network(Input = \"3x16x16\")] public partial class Net { [Conv(8, 3), BatchNorm(In = 4)] Layer conv; }", "BatchNorm(In = 8)" },
            { "ND0009", "[Block] public partial class Head(int classes) { [Linear(nameof(classes))] Layer fc; }\n[Network(Input = \"8x8x8\")] public partial class Net { [Use(typeof(Head), 10)] Layer head; }",
                "[Flatten, Linear(nameof(classes))]" },
            { "ND0010", "[Block] public partial class B(int width) { [Conv(nameof(width), 3, Padding = 1, Groups = 4)] Layer conv; }\n"
                + "[Network(Input = \"8x8x8\")] public partial class Net { [Use(typeof(B), 8)] Layer a; [Repeat(2, typeof(B), 6)] Layer b; }", "[Repeat(2, typeof(B), 8)]" },
            { "ND0011", "[Network(Input = \"3x8x8\")] public partial class Net { [Conv(4, 3, Padding = 1)] Layer a; [Flatten] Layer f; [Concat(nameof(a)), Linear(10)] Layer fc; }",
                "[Conv(4, 3, Padding = 1), Flatten] Layer a" },
            { "ND0011", "[Network(Input = \"3x16x16\")] public partial class Net { [Conv(8, 3, Padding = 1), MaxPool(2), Flatten] Layer features;\n"
                + "    [Conv(16, 3, Padding = 1)] Layer late; [Dropout(0.5), Linear(10)] Layer classifier; }",
                "[Conv(8, 3, Padding = 1), MaxPool(2)] Layer features;\n    [Conv(16, 3, Padding = 1)] Layer late; [Dropout(0.5), Flatten, Linear(10)] Layer classifier;" },
            { "ND0013", "[Network(Input = \"3x4x4\")] public partial class Net { [Conv(8, 3), BatchNorm] TorchSharp.Modules.Conv2d s; }", "[Conv(8, 3), BatchNorm] Layer s;" },
            { "ND0017", "[Block, Skip(Merge.Concat)] public partial class Dense { [Conv(4, 3)] Layer conv; }\n[Network(Input = \"8x16x16\")] public partial class Net { [Repeat(2, typeof(Dense))] Layer block; }",
                "[Conv(4, 3, Padding = 1)]" },
            { "ND0018", "[Block, SqueezeExcite(32)] public partial class SE { [Conv(16, 3, Padding = 1)] Layer conv; }\n[Network(Input = \"3x8x8\")] public partial class Net { [Use(typeof(SE))] Layer block; }",
                "[Block, SqueezeExcite(16)]" },
            { "ND0022", "[Network(Input = \"1x(4k)\", Default = \"1x64\")] public partial class Net { [Conv(4, 3, Padding = 1)] Layer enc; [MaxPool(2), MaxPool(2), MaxPool(2)] Layer down; "
                + "[ConvTranspose(4, 8, Stride = 8)] Layer up; [Add(nameof(enc)), Conv(2, 1)] Layer head; }", "Input = \"1x(8k)\"" },
            { "ND0024", "[Network(Input = \"3x32x32\", Output = \"10\")] public partial class Net { [Conv(8, 3), Flatten] Layer f; [Linear(12)] Layer fc; }", "[Linear(10)]" },
            { "ND0101", "[Network(Input = \"3x16x16\")] public partial class Net { [Conv(8, 3, Padding = 1)] Layer enc; [MaxPool(2), Conv(8, 3, Padding = 1)] Layer down; "
                + "[ConvTranspose(8, 3, Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; [Concat(nameof(enc)), Conv(2, 1)] Layer head; }",
                "[ConvTranspose(8, 4, Stride = 2, Padding = 1, OutputPadding = 0)] Layer up;" },
            { "ND0101", "[Block] public partial class Up(int k = 3) { [ConvTranspose(outChannels: 4, kernel: nameof(k), Stride = 2)] Layer up; }\n"
                + "[Network(Input = \"4x7x7\", Output = \"2x15x15\", Task = ModelTask.Segmentation)] public partial class Net { [Use(typeof(Up))] Layer up; [Conv(2, 1)] Layer head; }",
                "Up(int k = 4) { [ConvTranspose(outChannels: 4, kernel: nameof(k), Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; }" },
            { "ND0103", "[Network(Input = \"4x15x15\", Task = ModelTask.Segmentation)] public partial class Net { [Conv(8, 3, Padding = 1)] Layer enc; "
                + "[MaxPool(2), Conv(16, 3, Padding = 1)] Layer down; [Upsample(Height = \"InH\", Width = \"InW\")] Layer up; [Concat(nameof(enc)), Conv(2, 1)] Layer head; }",
                "Input = \"4x14x14\"" },
            { "ND0105", "[Network(Input = \"32x32x3\")] public partial class Net { [Conv(8, 3)] Layer c; }", "Input = \"3x32x32\"" },
        };

        [Theory]
        [MemberData(nameof(EveryFixableId))]
        public void Every_fixable_diagnostic_builds_once_its_edit_is_applied(string id, string source, string expected)
        {
            Fixes(source, id, "", expected);
        }

        [Fact]
        public void Every_ID_the_code_fix_offers_has_an_apply_and_build_case()
        {
            var covered = EveryFixableId.Select(row => (string)row[0]).Distinct().OrderBy(x => x, StringComparer.Ordinal);
            Assert.Equal(new NetDsl.CodeFixes.NetDslCodeFixProvider().FixableDiagnosticIds.OrderBy(x => x, StringComparer.Ordinal), covered);
        }

        [Theory]
        [InlineData("[Block, Skip(Merge.Concat)] public partial class Dense { [Conv(8, 3, Stride = 2, Padding = 1)] Layer conv; }")]
        [InlineData("[Block, Branches(Merge.Concat)] public partial class Dense { [Conv(8, 1)] Layer b1; [Conv(8, 3, Stride = 2, Padding = 1)] Layer b2; }")]
        public void A_concat_of_a_strided_path_and_an_unstrided_one_is_not_fixed_by_an_input_of_one_pixel(string block)
        {
            // At 32x32 one path is 16x16, the other 32x32: a whole stride apart, not a rounding. Only at 1x1 do both give
            // 1x1, which "built" and was offered as Input = "3x1x1", the nearest input every path agrees on.
            var d = GeneratorHarness.Run(Head + block + @"
[Network(Input = ""3x32x32"")]
public partial class Net { [Use(typeof(Dense))] Layer dense; }").NetDsl.Single();
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("ND0017", d.Id);
            Assert.DoesNotContain("Input =", message);
            Assert.StartsWith("dense: concat of ", message);
            Assert.Contains("spatial sizes differ (32x32 vs 16x16); keep the body's size (stride 1, padding (kernel - 1) / 2)", message);
        }

        [Fact]
        public void A_fix_for_one_variant_must_build_every_variant_of_the_declaration()
        {
            // Width 1.3 gives 21 and 42 channels, which Groups = 4 does not divide; Groups = 3 fixes that variant but breaks
            // "ok" (16 and 32 channels), which reads the same attribute: the edit must build the whole declaration.
            string source = Head + GeneratorHarness.Tiny + @"
[Network(Input = ""3x8x8"")]
[Variant(""ok"", 1.0)]
[Variant(""bad"", 1.3)]
public partial class Net(double width)
{
    [Conv(""round(16 * width)"", 3, Padding = 1)]               Layer stem;
    [Conv(""round(32 * width)"", 3, Padding = 1, Groups = 4)]   Layer grouped;
}";
            var d = GeneratorHarness.Run(source).NetDsl.Single();
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("ND0010", d.Id);
            Assert.Equal("grouped (variant bad): Conv2d Groups = 4 must divide both its in-channels (21) and out-channels (42); Groups = 3, " +
                "the nearest count that divides both, would fix this variant but break variant ok, which reads the same declaration; " +
                "change this variant's arguments, or choose a value every variant accepts.", message);
            Assert.False(FixHarness.HasFix(d));
        }

        [Fact]
        public void A_link_to_the_wrong_scale_gets_the_member_that_kept_the_paths_size()
        {
            // The decoder's links swapped: dec2 (16x16) names enc1 (32x32), dec1 (32x32) names enc2 (16x16). Neither a crop
            // (to half of enc1) nor an upsampling (which breaks the output) is the fix: the member of the right scale is.
            string source = Head + @"
[Network(Input = ""3x32x32"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Conv(8, 3, Padding = 1)]                         Layer enc1;     // 32
    [MaxPool(2), Conv(16, 3, Padding = 1)]            Layer enc2;     // 16
    [MaxPool(2), Conv(32, 3, Padding = 1)]            Layer bottom;   // 8
    [ConvTranspose(16, 2, Stride = 2)]                Layer up2;      // 16
    [Concat(nameof(enc1)), Conv(16, 3, Padding = 1)]  Layer dec2;
    [ConvTranspose(8, 2, Stride = 2)]                 Layer up1;      // 32
    [Concat(nameof(enc2)), Conv(8, 3, Padding = 1)]   Layer dec1;
    [Conv(3, 1)]                                      Layer head;
}";
            var found = GeneratorHarness.Run(source).NetDsl.ToList();
            Assert.Equal(new[] { "ND0017", "ND0017" }, found.Select(d => d.Id));
            string[] messages = found.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal("dec2 (concat with enc1): concat of 8x32x32 and 16x16x16: spatial sizes differ (32x32 vs 16x16); enc1 is 32x32 but the path it " +
                "joins is 16x16: the link names another scale; enc2 kept 16x16x16, the path's size: use [Concat(nameof(enc2))].", messages[0]);
            Assert.EndsWith("enc1 kept 8x32x32, the path's size: use [Concat(nameof(enc1))].", messages[1]);
            string edited = FixHarness.Apply(source, found[0]);
            edited = FixHarness.Apply(edited, GeneratorHarness.Run(edited).NetDsl.Single());
            Assert.Contains("[Concat(nameof(enc2)), Conv(16, 3, Padding = 1)]", edited);
            Assert.Contains("[Concat(nameof(enc1)), Conv(8, 3, Padding = 1)]", edited);
            var after = GeneratorHarness.Run(edited);
            Assert.Empty(after.NetDsl);
            Assert.Equal(new long[] { 1, 3, 32, 32 }, Forward(edited, "Demo.Net", 3, 32));
        }

        [Fact]
        public void An_auxiliary_head_on_a_flat_vector_gets_the_nearest_member_that_gives_a_map()
        {
            // The head starts with a convolution but [Aux] names the classifier's pooling (a flat vector): "move it before
            // [Flatten]" is no fix for a head; tapping the last member that gives a map is.
            string edited = Fixes(GeneratorHarness.Tiny + @"
[Network(Input = ""3x16x16"")]
public partial class Net
{
    [Conv(8, 3, Padding = 1), ReLU]                                           Layer stem;
    [Conv(16, 3, Stride = 2, Padding = 1), ReLU]                              Layer body;
    [GlobalAvgPool, Flatten]                                                  Layer pool;
    [Aux(nameof(pool), Weight = 0.3), Conv(8, 1), GlobalAvgPool, Flatten, Linear(4)] Layer aux;
    [Linear(4)]                                                               Layer fc;
}", "ND0011", "the head reads pool's output, the flat vector 16; tap body, the nearest member before it that gives a map (16x8x8): use [Aux(nameof(body))].",
                "[Aux(nameof(body), Weight = 0.3), Conv(8, 1)");
        }

        [Fact]
        public void A_dilation_that_varies_between_instances_gets_a_padding_that_follows_it()
        {
            // Dilation 1 + i over a [Repeat] with Padding = 1: dil.1 turns 32x32 into 30x30. Padding = 2 would break dil.0 and
            // dil.2, and the rule's Projection = "downsample" cannot take 32x32 to 30x30: Padding = nameof(dilation) can.
            string edited = Fixes(GeneratorHarness.Tiny + @"
[Block, Residual]
public partial class RDil(int ch, int dilation)
{
    [Conv(nameof(ch), 3, Padding = 1, Dilation = nameof(dilation))] Layer conv;
}
[Network(Input = ""16x32x32"")]
public partial class Net { [Repeat(3, typeof(RDil), 16, ""1 + i"")] Layer dil; }", "ND0006",
                "dil.1: residual add of body output 16x30x30 and shortcut 16x32x32: spatial sizes differ (30x30 vs 32x32); dil.1.conv (kernel 3, dilation 2) " +
                "pads 1 and turns 32x32 into 30x30; the padding must follow the dilation in every instance: set Padding = nameof(dilation).",
                "[Conv(nameof(ch), 3, Padding = nameof(dilation), Dilation = nameof(dilation))]");
            Assert.Equal(new long[] { 1, 16, 32, 32 }, Forward(edited, "Demo.Net", 16, 32));
        }

        [Fact]
        public void A_residual_body_that_changes_the_size_by_other_than_a_stride_is_not_told_to_add_a_projection()
        {
            var d = GeneratorHarness.Run(Head + GeneratorHarness.Tiny + @"
[Block, Residual]
public partial class Pool { [MaxPool(3, Stride = 1)] Layer pool; }
[Network(Input = ""16x32x32"")]
public partial class Net { [Use(typeof(Pool))] Layer block; }").NetDsl.Single();
            Assert.Equal("block: residual add of body output 16x30x30 and shortcut 16x32x32: spatial sizes differ (30x30 vs 32x32); the body changes the size " +
                "by other than a stride, which no projection undoes; make the body keep the shape (stride 1, padding dilation · (kernel - 1) / 2).",
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>Builds the edited source, creates <paramref name="type"/> with its defaults and returns the output shape for one CxSxS sample.</summary>
        static long[] Forward(string source, string type, int channels, int size)
        {
            var assembly = GeneratorHarness.Load(GeneratorHarness.Run(source));
            using var net = (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)Activator.CreateInstance(assembly.GetType(type)!)!;
            net.eval();
            using var x = TorchSharp.torch.randn(1, channels, size, size);
            using var y = net.forward(x);
            return y.shape;
        }

        [Fact]
        public void Groups_given_by_a_block_parameter_that_also_sets_the_channels_get_the_in_channel_count_not_a_divisor_that_breaks_the_residual()
        {
            // ConvNeXt's block: a depthwise conv whose Groups is the block's dim, which also sets its width. dim: 1 (the nearest
            // count dividing 56 and 57) would shrink the body to one channel and break the residual add.
            string edited = Fixes(@"
[Block, Residual]
public partial class CnxBlock(int dim)
{
    [Conv(nameof(dim), 7, Padding = 3, Groups = nameof(dim))] Layer dw;
    [LayerNorm2d(Eps = 1e-6)]                                 Layer norm;
    [Conv(""4 * dim"", 1), GELU]                                Layer pw1;
    [Conv(nameof(dim), 1)]                                    Layer pw2;
}
[Network(Input = ""3x16x16"")]
public partial class Net { [Conv(56, 3, Padding = 1)] Layer stem; [Repeat(3, typeof(CnxBlock), 57)] Layer cnx; [GlobalAvgPool, Flatten, Linear(10)] Layer fc; }", "ND0010",
                "cnx.0.dw: Conv2d Groups = 57 must divide both its in-channels (56) and out-channels (57); use dim: 56 (CnxBlock's Groups), its in-channel count (a depthwise convolution).",
                "[Repeat(3, typeof(CnxBlock), 56)]");
            Assert.DoesNotContain("dim: 1", edited);
        }

        [Fact]
        public void The_residual_mismatch_the_Groups_parameter_causes_is_not_reported_beside_it_with_a_projection_as_its_cure()
        {
            var found = GeneratorHarness.Run(Head + @"
[Block, Residual]
public partial class CnxBlock(int dim)
{
    [Conv(nameof(dim), 7, Padding = 3, Groups = nameof(dim))] Layer dw;
    [Conv(nameof(dim), 1)]                                    Layer pw;
}
[Network(Input = ""3x16x16"")]
public partial class Net { [Conv(56, 3, Padding = 1)] Layer stem; [Repeat(3, typeof(CnxBlock), 57)] Layer cnx; [GlobalAvgPool, Flatten, Linear(10)] Layer fc; }").NetDsl.ToList();
            var d = Assert.Single(found);
            Assert.Equal("ND0010", d.Id);
            Assert.DoesNotContain("Projection", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void A_dilation_too_wide_for_the_map_gets_the_largest_dilation_that_fits()
        {
            Fixes(@"
[Network(Input = ""3x32x32"")]
public partial class Net { [Conv(8, 3, Dilation = 20)] Layer a; [GlobalAvgPool, Flatten, Linear(10)] Layer fc; }", "ND0007",
                "use Dilation = 15, the largest dilation at which the 32x32 map holds the kernel 3", "[Conv(8, 3, Dilation = 15)]");
        }

        [Fact]
        public void A_U_Net_at_an_input_off_along_both_axes_gets_one_complete_input_from_every_diagnostic_the_output_one_at_Input()
        {
            // 97x131 through two stride-2 steps: H wants 96, W 132. Each axis alone (the square probes) finds its size; the
            // output check (ND0024) used to offer OutputPadding = 1, which leaves W 2 pixels short, and the merges no input.
            const string source = Head + @"
[Block] public partial class DC(int c) { [Conv(nameof(c), 3, Padding = 1, Bias = false), BatchNorm, ReLU] Layer c1; [Conv(nameof(c), 3, Padding = 1, Bias = false), BatchNorm, ReLU] Layer c2; }
[Network(Input = ""1x97x131"", Task = ModelTask.Segmentation)]
public partial class K02(int classes = 2)
{
    [Use(typeof(DC), 16)]                       Layer enc1;
    [MaxPool(2), Use(typeof(DC), 32)]           Layer enc2;
    [MaxPool(2), Use(typeof(DC), 64)]           Layer bottom;
    [ConvTranspose(32, 2, Stride = 2)]          Layer up2;
    [Concat(nameof(enc2)), Use(typeof(DC), 32)] Layer dec2;
    [ConvTranspose(16, 2, Stride = 2)]          Layer up1;
    [Concat(nameof(enc1)), Use(typeof(DC), 16)] Layer dec1;
    [Conv(nameof(classes), 1)]                  Layer head;
}";
            var result = GeneratorHarness.Run(source);
            var found = result.NetDsl.ToList();
            Assert.Contains(found, d => d.Id == "ND0024");
            foreach (var d in found)
            {
                string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(message.EndsWith("use Input = \"1x96x132\", the nearest input every path agrees on.", StringComparison.Ordinal), d.Id + ": " + message);
                Assert.DoesNotContain("OutputPadding", message);
            }
            var output = found.Single(d => d.Id == "ND0024");
            Assert.Equal("\"1x97x131\"", GeneratorHarness.Where(output, result.Output).Text);
            string edited = FixHarness.Apply(source, output);
            Assert.Contains("Input = \"1x96x132\"", edited);
            var after = GeneratorHarness.Run(edited);
            Assert.True(!after.NetDsl.Any(), "after the edit: " + string.Join(" | ", after.NetDsl));
            Assert.Empty(after.CompilerDiagnostics);
        }

        static string Text(string source, Location at) => source.Substring(at.SourceSpan.Start, at.SourceSpan.Length);
    }
}
