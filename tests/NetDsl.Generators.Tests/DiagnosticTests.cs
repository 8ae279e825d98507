using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Each diagnostic class: its ID, exact message and the attribute argument it points at.</summary>
    public class DiagnosticTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        /// <summary>The one diagnostic of <paramref name="marked"/>, which marks where it must start (<c>/*ND0005*/Residual</c>).</summary>
        static (string Message, string Span) Single(string marked) => GeneratorHarness.SingleDiagnostic(Head + marked);

        [Fact]
        public void Residual_add_with_different_channels_names_both_shapes_at_the_Residual_attribute()
        {
            var (message, span) = Single(@"
[Block, Residual]
public partial class Widen(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer conv1; }
[Network(Input = ""16x32x32"")]
public partial class Net { [/*ND0005*/Use(typeof(Widen), 32)] Layer block; }");
            Assert.Equal("block: residual add of body output 32x32x32 and shortcut 16x32x32: channel counts differ (32 vs 16); add Projection = \"downsample\" to [Residual] (a 1x1 convolution and BatchNorm on the shortcut, as torchvision's ResNet).", message);
            Assert.Equal("Use(typeof(Widen), 32)", span);
        }

        [Fact]
        public void Residual_add_with_different_sizes_is_a_spatial_mismatch()
        {
            var (message, span) = Single(@"
[Block, Residual(After = Act.ReLU)]
public partial class Down(int stride = 2) { [Conv(16, 3, Stride = nameof(stride), Padding = 1)] Layer conv1; }
[Network(Input = ""16x32x32"")]
public partial class Net { [/*ND0006*/Repeat(2, typeof(Down))] Layer layer1; }");
            Assert.Equal("layer1.0: residual add of body output 16x16x16 and shortcut 16x32x32: spatial sizes differ (16x16 vs 32x32); add Projection = \"downsample\" to [Residual] (a 1x1 convolution and BatchNorm on the shortcut, as torchvision's ResNet).", message);
            Assert.Equal("Repeat(2, typeof(Down))", span);
        }

        [Fact]
        public void An_unknown_optimizer_lists_the_three_NetDsl_trains_with()
        {
            var (message, span) = Single(@"
[Network(Input = ""1x8x8"", Optimizer = /*ND0013*/""lars"")]
public partial class Net { [Conv(4, 3)] Layer conv; }");
            Assert.Equal("Net: Optimizer \"lars\" is not one NetDsl trains with; write \"sgd\", \"adamw\" or \"lamb\".", message);
            Assert.Equal("\"lars\"", span);
        }

        [Fact]
        public void Output_size_below_one_points_at_the_kernel()
        {
            var (message, span) = Single(@"
[Network(Input = ""1x8x8"")]
public partial class Net { [Conv(4, /*ND0007*/11)] Layer conv; }");
            Assert.Equal("conv: Conv2d output would be 4x0x0 for input 1x8x8 (kernel 11, stride 1, padding 0); the input is too small; use kernel: 8, the largest kernel the 8x8 map holds at this padding (or Input = \"1x11x11\", the smallest square input every layer accepts).", message);
            Assert.Equal("11", span);
        }

        [Fact]
        public void Too_small_an_input_names_the_first_layer_that_breaks_global_pooling_and_the_smallest_input_that_works()
        {
            var (message, _) = Single(@"
[Network(Input = ""3x16x16"")]
public partial class Net { [MaxPool(2)] Layer p1; [MaxPool(2)] Layer p2; [MaxPool(2)] Layer p3; [MaxPool(2)] Layer p4; [MaxPool(/*ND0007*/2)] Layer p5; }");
            Assert.Equal("p5: MaxPool2d output would be 3x0x0 for input 3x1x1 (kernel 2, stride 2, padding 0); the input is too small; a 2x2 window does not fit the 1x1 map; pool the whole map instead: replace [MaxPool(2)] with [AdaptiveMaxPool(1)] (or AdaptiveAvgPool(n) for an n x n output) (or Input = \"3x32x32\", the smallest square input every layer accepts).", message);
        }

        [Fact]
        public void Pinned_Linear_input_that_disagrees_points_at_In()
        {
            var (message, span) = Single(@"
[Network(Input = ""1x8x8"")]
public partial class Net
{
    [Flatten] Layer flatten;
    [Linear(10, In = /*ND0008*/100)] Layer fc;
}");
            Assert.Equal("fc: Linear declares In = 100 but its input 64 has 64 features; set In = 64 or remove In to infer it.", message);
            Assert.Equal("100", span);
        }

        [Fact]
        public void Pinned_Conv_channels_that_disagree_with_the_declared_input()
        {
            var (message, span) = Single(@"
[Network(Input = ""3x32x32"")]
public partial class Net { [Conv(8, 3, In = /*ND0008*/1)] Layer conv; }");
            Assert.Equal("conv: Conv2d declares In = 1 but its input 3x32x32 has 3 channels; set In = 3 or remove In to infer it.", message);
            Assert.Equal("1", span);
        }

        [Fact]
        public void Pinned_BatchNorm_features_that_disagree()
        {
            var (message, span) = Single(@"
[Network(Input = ""3x32x32"")]
public partial class Net { [Conv(8, 3)] Layer conv; [BatchNorm(In = /*ND0008*/16)] Layer bn; }");
            Assert.Equal("bn: BatchNorm2d declares In = 16 but its input 8x30x30 has 8 channels; set In = 8 or remove In to infer it.", message);
            Assert.Equal("16", span);
        }

        [Fact]
        public void Linear_on_a_feature_map_asks_for_Flatten()
        {
            var (message, span) = Single(@"
[Network(Input = ""8x8x8"")]
public partial class Net { [/*ND0009*/Linear(10)] Layer fc; }");
            Assert.Equal("fc: Linear needs a flat feature vector but its input is 8x8x8; add [Flatten] before it (or [GlobalAvgPool, Flatten] to pool first).", message);
            Assert.Equal("Linear(10)", span);
        }

        [Fact]
        public void Groups_that_do_not_divide_the_channels()
        {
            var (message, span) = Single(@"
[Network(Input = ""8x8x8"")]
public partial class Net { [Conv(6, 3, Groups = /*ND0010*/4)] Layer conv; }");
            Assert.Equal("conv: Conv2d Groups = 4 must divide both its in-channels (8) and out-channels (6); use outChannels: 8, the nearest multiple of 4 (or Groups = 2, the nearest count that divides both).", message);
            Assert.Equal("4", span);
        }

        [Fact]
        public void Unknown_name_in_an_expression_lists_the_parameters()
        {
            var (message, span) = Single(@"
[Block]
public partial class Wide(int width) { [Conv(/*ND0002*/""widht * 2"", 3)] Layer conv1; }");
            Assert.Equal("Wide.conv1: expression \"widht * 2\" cannot be evaluated: unknown name 'widht'; known parameters: width (and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network).", message);
            Assert.Equal("\"widht * 2\"", span);
        }

        [Fact]
        public void Unknown_block_type_points_at_typeof()
        {
            var (message, span) = Single(@"
public partial class NotABlock { }
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(/*ND0003*/typeof(NotABlock))] Layer body; }");
            Assert.Equal("body: Demo.NotABlock is not a [Block] class; mark it [Block] and partial, or name a block type.", message);
            Assert.Equal("typeof(NotABlock)", span);
        }

        [Fact]
        public void A_network_used_as_a_block_is_told_to_share_a_block_not_to_be_marked_one()
        {
            // "mark it [Block]" would break Small as the network it is.
            var (message, span) = Single(@"
[Network(Input = ""3x8x8"")]
public partial class Small { [Conv(4, 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(/*ND0003*/typeof(Small))] Layer body; }");
            Assert.Equal("body: Demo.Small is a [Network], which [Use] cannot take (a network is a whole model, with its own input); " +
                "move the layers both need into a [Block] and [Use] it in both, or name a block type.", message);
            Assert.Equal("typeof(Small)", span);
        }

        [Fact]
        public void Repeat_count_below_one_points_at_the_count()
        {
            var (message, span) = Single(@"
[Block] public partial class B { [ReLU] Layer act; }
[Network(Input = ""3x8x8"")]
public partial class Net { [Repeat(/*ND0004*/0, typeof(B))] Layer layer1; }");
            Assert.Equal("layer1: Repeat of B needs at least 1 instance, got 0; use a count ≥ 1 or remove the member.", message);
            Assert.Equal("0", span);
        }

        [Fact]
        public void Feature_map_layer_after_a_flat_input_is_an_input_rank_error()
        {
            var (message, span) = Single(@"
[Network(Input = ""784"")]
public partial class Net { [/*ND0011*/Conv(8, 3)] Layer conv; }");
            Assert.Equal("conv: Conv2d needs a CxHxW feature map but its input is the flat vector 784; move it before [Flatten] or declare a CxHxW Input.", message);
            Assert.Equal("Conv(8, 3)", span);
        }

        [Fact]
        public void Malformed_input_declaration()
        {
            var (message, span) = Single(@"
[Network(Input = /*ND0001*/""3x32x"")]
public partial class Net { [ReLU] Layer act; }");
            Assert.Equal("Net: Input \"3x32x\" is not a shape; write Input = \"CxHxW\" (e.g. \"3x224x224\", or \"3xHxW\" for any size), \"CxL\" for a 1-D map (e.g. \"1x16000\", or \"1xL\" for any length) or a feature count.", message);
            Assert.Equal("\"3x32x\"", span);
        }

        [Fact]
        public void A_missing_or_oversized_input_is_told_as_such_not_as_no_shape()
        {
            var (missing, at) = Single(@"
[/*ND0001*/Network]
public partial class Net { [ReLU] Layer act; }");
            Assert.Equal("Net: [Network] needs an Input, the shape of one sample; write Input = \"CxHxW\" (e.g. \"3x224x224\", or \"3xHxW\" for any size), \"CxL\" for a 1-D map (e.g. \"1x16000\", or \"1xL\" for any length) or a feature count.", missing);
            Assert.Equal("Network", at);
            var (large, _) = Single(@"
[Network(Input = /*ND0001*/""3x99999999999x99999999999"")]
public partial class Net { [ReLU] Layer act; }");
            Assert.Equal("Net: Input \"3x99999999999x99999999999\" has a size beyond a 32-bit tensor dimension (at most 2147483647); write the sample's real sizes.", large);
        }

        [Fact]
        public void An_argument_that_does_not_parse_is_left_to_the_compiler()
        {
            // CS1525 says it; an ND0013 "cannot be an invalid value" on a zero-width span only repeated it.
            var result = GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3, Stride = )] Layer c; }");
            Assert.Empty(result.NetDsl);
            Assert.Contains(result.Output.GetDiagnostics(), d => d.Id == "CS1525");
            var unterminated = GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n[Network(Input = \"3x32x)]\npublic partial class Net { [Conv(8, 3)] Layer c; }");
            Assert.Empty(unterminated.NetDsl);   // CS1010 says it; ND0001 on the half-string only repeated it
            Assert.Contains(unterminated.Output.GetDiagnostics(), d => d.Id == "CS1010");
        }

        [Fact]
        public void Block_that_contains_itself_is_reported_even_unused()
        {
            var (message, span) = Single(@"
[Block] public partial class Loop { [/*ND0012*/Use(typeof(Loop))] Layer inner; }");
            Assert.Equal("Loop.inner: block Loop contains itself (Loop → Loop); a block cannot use itself, directly or through other blocks.", message);
            Assert.Equal("Use(typeof(Loop))", span);
        }

        [Fact]
        public void Fractional_kernel_is_an_invalid_argument()
        {
            var (message, span) = Single(@"
[Network(Input = ""3x8x8"")]
public partial class Net { [Conv(8, /*ND0013*/2.5)] Layer conv; }");
            Assert.Equal("conv: Conv2d kernel must be an integer, got 2.5; pass an integer value.", message);
            Assert.Equal("2.5", span);
        }

        [Fact]
        public void A_whole_double_from_an_expression_says_it_is_a_double_and_how_to_make_it_an_integer()
        {
            var (message, span) = Single(@"
[Network(Input = ""3x8x8"")]
public partial class Net(int w = 10) { [Conv(/*ND0013*/""w * 0.5"", 1)] Layer b; }");
            Assert.Equal("b: Conv2d outChannels must be an integer, got 5.0 (a double, from w * 0.5); round it in the expression (\"floor(w * 0.5)\" or \"round(w * 0.5)\") " +
                "or use integer arithmetic (/ divides integers as C# does: \"w / 2\").", message);
            Assert.Equal("\"w * 0.5\"", span);
        }

        [Fact]
        public void A_size_that_overflows_a_tensor_dimension_is_reported_at_its_argument()
        {
            var (message, span) = Single(@"
[Network(Input = ""3x8x8"")]
public partial class Net(int w = 65536) { [Conv(/*ND0013*/""w * w"", 1)] Layer a; }");
            Assert.Equal("a: Conv2d outChannels is 4294967296 (from \"w * w\"), which overflows a tensor dimension (at most 2147483647); use smaller channel counts, sizes or multipliers.", message);
            Assert.Equal("\"w * w\"", span);
        }

        [Fact]
        public void A_kernel_too_wide_only_through_its_dilation_is_reported_at_the_dilation_with_the_largest_that_fits()
        {
            var (message, span) = Single(@"
[Network(Input = ""3x32x32"")]
public partial class Net { [Conv(8, 3, Dilation = /*ND0007*/20)] Layer a; }");
            Assert.Equal("a: Conv2d output would be 8x0x0 for input 3x32x32 (kernel 3, stride 1, padding 0, dilation 20); the input is too small; " +
                "use Dilation = 15, the largest dilation at which the 32x32 map holds the kernel 3 (or Input = \"3x41x41\", the smallest square input every layer accepts).", message);
            Assert.Equal("20", span);
        }

        [Fact]
        public void Declaration_that_is_not_partial()
        {
            var (message, span) = Single(@"
[Network(Input = ""3x8x8"")]
public class /*ND0014*/Net { }");
            Assert.Equal("Net: a [Network] class must be a top-level, non-generic partial class; declare it as 'public partial class Net' outside other types.", message);
            Assert.Equal("Net", span);
        }

        [Fact]
        public void A_block_that_is_not_partial_is_ND0014_alone()
        {
            // The network using it is emitted as a stub (as for its own errors): its code would call the block's generated
            // constructor, and the compiler's follow-on error inside generated code (CS1729) would bury the one naming the fix.
            var result = GeneratorHarness.Run(Head + GeneratorHarness.Tiny + @"
[Block] public class B(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(typeof(B), 8)] Layer body; [GlobalAvgPool, Flatten] Layer pool; [Linear(2)] Layer fc; }");
            Assert.Equal(new[] { "ND0014" }, result.NetDsl.Select(d => d.Id));
            Assert.DoesNotContain(result.CompilerDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        }

        [Fact]
        public void Too_many_block_arguments()
        {
            var (message, span) = Single(@"
[Block] public partial class B(int width) { [Conv(nameof(width), 1)] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(typeof(B), 8, /*ND0016*/2)] Layer body; }");
            Assert.Equal("body: B takes 1 parameter(s) (width) but 2 argument(s) were given; pass at most 1.", message);
            Assert.Equal("2", span);   // the first argument too many, not the whole attribute
        }

        [Fact]
        public void Variant_is_checked_with_its_own_values()
        {
            var (message, span) = Single(GeneratorHarness.Tiny + @"
[Network(Input = ""3x8x8"")]
[Variant(""ok"", 10)]
[Variant(""broken"", 0)]
public partial class Net(int classes) { [GlobalAvgPool, Flatten] Layer pool; [Linear(/*ND0013*/nameof(classes))] Layer fc; }");
            Assert.Equal("fc (variant broken): Linear out-features must be positive, got 0; use a value ≥ 1.", message);
            Assert.Equal("nameof(classes)", span);
        }

        const string Basic = @"
[Block, Residual(Projection = ""downsample"")]
public partial class Basic(int planes, int stride = 1) { [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1)] Layer conv; }
";

        [Fact]
        public void A_named_block_argument_that_is_no_parameter_points_at_its_name()
        {
            var (message, span) = Single(Basic + @"
[Network(Input = ""4x8x8"")]
public partial class Net { [Repeat(2, typeof(Basic), Args = ""planes: 8, /*ND0016*/strid: 2"")] Layer layer1; }");
            Assert.Equal("layer1: Basic has no parameter 'strid'; its parameters are planes, stride.", message);
            Assert.Equal("strid", span);
        }

        [Fact]
        public void A_parameter_given_positionally_and_by_name_points_at_the_name()
        {
            var (message, span) = Single(Basic + @"
[Network(Input = ""4x8x8"")]
public partial class Net { [Use(typeof(Basic), 8, Args = ""/*ND0016*/planes: 16"")] Layer block; }");
            Assert.Equal("block: Basic parameter 'planes' is given positionally and in Args; pass it once.", message);
            Assert.Equal("planes", span);
        }

        [Fact]
        public void An_unreadable_First_points_at_the_bad_pair()
        {
            var (message, span) = Single(Basic + @"
[Network(Input = ""4x8x8"")]
public partial class Net { [Repeat(2, typeof(Basic), 8, First = ""/*ND0016*/stride 2"")] Layer layer1; }");
            Assert.Equal("layer1: First \"stride 2\" cannot be read: 'stride 2' is not 'name: value'; write \"name: value\" pairs separated by commas, e.g. \"stride: …\".", message);
            Assert.Equal("stride 2", span);
        }

        [Fact]
        public void A_bad_named_value_is_reported_at_that_value()
        {
            var (message, span) = Single(Basic + @"
[Network(Input = ""4x8x8"")]
public partial class Net { [Repeat(2, typeof(Basic), 8, First = ""stride: /*ND0002*/2 *"")] Layer layer1; }");
            Assert.Equal("layer1: Basic argument 'stride' \"2 *\" cannot be evaluated: the expression ends too early; no parameters (and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network).", message);
            Assert.Equal("2 *", span);
        }
    }
}
