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
            Assert.Equal("up: ConvTranspose2d kernel 3 is not a multiple of its stride 2, so outputs get uneven overlap (checkerboard artefacts, Odena et al. 2016); use kernel: 4 with Padding = 1 and OutputPadding = 0 (the same 16x16 output), or upsample then convolve.",
                found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("3", Decoder.Substring(found[0].Location.SourceSpan.Start, found[0].Location.SourceSpan.Length));
            Assert.StartsWith("bn: BatchNorm2d over a 1x1 map (4x1x1)", found[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(result.CompilerDiagnostics);
            GeneratorHarness.Load(result);   // a warning does not stop generation
        }

        static (string Message, string Span) Warning(string marked) => GeneratorHarness.SingleDiagnostic(Head + marked, DiagnosticSeverity.Warning);

        static void None(string source)
        {
            var result = GeneratorHarness.Run(Head + source);
            Assert.True(!result.NetDsl.Any(), string.Join(" | ", result.NetDsl));
            Assert.Empty(result.CompilerDiagnostics);
        }

        // ND0103: an odd size halved on a path that is upsampled to meet a map from before the halving.

        const string ResizedDecoder = @"
[Network(Input = ""4x15x15"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Conv(8, 3, Padding = 1)]                                    Layer enc;    // 15
    [MaxPool(/*ND0103*/2), Conv(16, 3, Padding = 1)]             Layer down;   // 7: the 15th row and column are dropped
    [Upsample(Height = ""InH"", Width = ""InW"")]                   Layer up;     // 15 again, stretched
    [Concat(nameof(enc)), Conv(2, 1)]                            Layer head;
}";

        [Fact]
        public void An_odd_size_pooled_then_resized_back_to_meet_its_skip_is_a_warning_at_the_stride_with_the_nearest_even_input()
        {
            var (message, span) = Warning(ResizedDecoder);
            Assert.Equal("down.0: MaxPool2d at stride 2 turns 15x15 into 7x7, rounding (15 is odd), and up upsamples this path again to meet enc's 8x15x15, "
                + "from before the step, at head (concat with enc): the pixels the rounding lost leave the two maps misaligned, matched only by padding, "
                + "cropping or resizing; use Input = \"4x14x14\", the nearest input at which no pixel is rounded off between a skip and the upsampled path it meets.", message);
            Assert.Equal("2", span);   // a pool's stride is its kernel unless written
            // The fix travels as data and builds without the warning.
            var source = Head + GeneratorHarness.Markers(ResizedDecoder).Source;
            var d = GeneratorHarness.Run(source).NetDsl.Single();
            var fixedSource = FixHarness.Apply(source, d);
            Assert.Contains("Input = \"4x14x14\"", fixedSource);
            var after = GeneratorHarness.Run(fixedSource);
            Assert.Empty(after.NetDsl);
            GeneratorHarness.Load(after);
        }

        [Fact]
        public void A_From_skip_meeting_a_padded_up_convolution_is_a_warning_that_names_the_OutputPadding_to_drop()
        {
            // FCN-style: score1 continues pool1's output ([From]); the tap `up` went down through pool2 (15 → 7) and back up,
            // OutputPadding making up the 15th row and column the pool dropped.
            var (message, span) = Warning(@"
[Network(Input = ""3x30x30"")]
public partial class Net
{
    [Conv(8, 3, Padding = 1), MaxPool(2)]                   Layer pool1;    // 15
    [Conv(8, 3, Padding = 1), MaxPool(/*ND0103*/2)]         Layer pool2;    // 7
    [ConvTranspose(8, 2, Stride = 2, OutputPadding = 1)]    Layer up;       // 15
    [From(nameof(pool1)), Conv(8, 1)]                       Layer score1;   // 15
    [Add(nameof(up)), Conv(2, 1)]                           Layer fuse;
}");
            Assert.Equal("pool2: MaxPool2d at stride 2 turns 15x15 into 7x7, rounding (15 is odd), and up upsamples this path again to meet score1's 8x15x15, "
                + "from before the step, at fuse (add with up): the pixels the rounding lost leave the two maps misaligned, matched only by padding, "
                + "cropping or resizing; use Input = \"3x29x29\", the nearest input at which no pixel is rounded off between a skip and the upsampled path it meets, "
                + "and remove OutputPadding from up (it made up the rounded-off pixels).", message);
            Assert.Equal("2", span);
        }


        const string Pyramid = @"
[Block, Branches(Merge.Concat)]
public partial class Pyramid
{
    [Conv(4, 1)]                                                                           Layer full;
    [MaxPool(/*ND0103*/2), Conv(4, 1), Upsample(Height = ""InH"", Width = ""InW"")]          Layer coarse;
}
[Network(Input = ""8x15x15"")]
public partial class Net { [Use(typeof(Pyramid))] Layer pyramid; }";

        [Fact]
        public void A_branch_that_pools_an_odd_size_and_resizes_back_is_a_warning_in_the_block_naming_the_branch_merge()
        {
            var (message, span) = Warning(Pyramid);
            Assert.Equal("pyramid.coarse.0: MaxPool2d at stride 2 turns 15x15 into 7x7, rounding (15 is odd), and pyramid.coarse.2 upsamples this path again "
                + "to meet the earlier branches' 4x15x15, from before the step, at pyramid (branch concat): the pixels the rounding lost leave the two maps "
                + "misaligned, matched only by padding, cropping or resizing; use Input = \"8x14x14\", the nearest input at which no pixel is rounded off "
                + "between a skip and the upsampled path it meets.", message);
            Assert.Equal("2", span);
            // Adaptive pooling is given its output size (PSPNet's bins): it resizes on purpose and rounds nothing.
            None(Pyramid.Replace("MaxPool(/*ND0103*/2)", "AdaptiveAvgPool(7)"));
        }

        [Fact]
        public void Paths_that_round_alike_and_merges_that_fail_are_no_ND0103()
        {
            // ResNet: at 7x7 the strided body and the strided projection round alike; nothing is upsampled.
            None(@"
[Block, Residual(Projection = ""downsample"")]
public partial class Down(int planes)
{
    [Conv(nameof(planes), 3, Stride = 2, Padding = 1)] Layer conv1;   // 7 → 4
    [Conv(nameof(planes), 3, Padding = 1)]             Layer conv2;
}
[Network(Input = ""8x7x7"")]
public partial class Net { [Use(typeof(Down), 16)] Layer block; [GlobalAvgPool, Flatten] Layer pool; [Linear(10)] Layer fc; }");
            // Inception's reduction: a strided conv and a strided pool of 35x35, concatenated at 17x17.
            None(@"
[Block, Branches(Merge.Concat)]
public partial class Reduction
{
    [Conv(16, 3, Stride = 2)]    Layer branch3x3;
    [MaxPool(3, Stride = 2)]     Layer branch_pool;
}
[Network(Input = ""8x35x35"", Task = ModelTask.Segmentation, Output = ""24x17x17"")]
public partial class Net { [Use(typeof(Reduction))] Layer mixed; }");
            // DenseNet: the transition pools 15x15 to 7x7 before the block whose layers concatenate; both sides come after it.
            None(@"
[Block, Skip(Merge.Concat)]
public partial class Dense { [Conv(4, 3, Padding = 1)] Layer conv; }
[Network(Input = ""8x15x15"", Task = ModelTask.Segmentation, Output = ""16x7x7"")]
public partial class Net { [AvgPool(2)] Layer transition; [Repeat(2, typeof(Dense))] Layer block; }");
            // A rounding before the skip is on both sides of the merge: only the exact 6 → 3 → 6 is upsampled back.
            None(@"
[Network(Input = ""4x13x13"", Output = ""2x6x6"")]
public partial class Net
{
    [Conv(8, 3, Padding = 1), MaxPool(2)] Layer enc;    // 13 → 6
    [MaxPool(2), Conv(8, 3, Padding = 1)] Layer down;   // 3
    [Upsample(2)]                         Layer up;     // 6
    [Concat(nameof(enc)), Conv(2, 1)]     Layer head;
}");
            // A symbolic input has derived constraints instead: its default is not linted.
            None(ResizedDecoder.Replace("/*ND0103*/", "").Replace("Input = \"4x15x15\"", "Input = \"4xHxW\", Default = \"4x15x15\""));
            // A merge that fails is the error, whose fix names the same step; no warning on top.
            var found = GeneratorHarness.Run(Head + ResizedDecoder.Replace("/*ND0103*/", "").Replace(", Task = ModelTask.Segmentation", "")
                .Replace("Height = \"InH\", Width = \"InW\"", "2")).NetDsl.ToList();
            Assert.Equal(new[] { "ND0017" }, found.Select(d => d.Id));
            Assert.Contains("down.0 turns 15x15 into 7x7", found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void ND0103_is_suppressed_by_its_pragma()
        {
            None("#pragma warning disable ND0103 // the data is 15x15: the dropped row is accepted\n" + ResizedDecoder.Replace("/*ND0103*/", ""));
        }

        // ND0104: a classifier pooling features whose field spans less than half its input.

        [Fact]
        public void A_shallow_classifier_pooling_a_large_input_is_a_warning_at_the_pooling()
        {
            var (message, span) = Warning(@"
[Network(Input = ""3x64x64"")]
public partial class Net
{
    [Conv(16, 3, Padding = 1), ReLU]             Layer conv1;   // field 3
    [Conv(32, 3, Stride = 2, Padding = 1), ReLU] Layer conv2;   // field 5
    [/*ND0104*/GlobalAvgPool, Flatten]           Layer pool;
    [Linear(10)]                                 Layer fc;
}");
            Assert.Equal("pool.0: GlobalAvgPool pools the 32x32x32 map into one value per channel, but each of its features sees only 5x5 pixels of the 64x64 input "
                + "(its receptive field), less than half of it along each side, so the class is decided from local evidence; add depth or downsample earlier "
                + "until the field reaches at least 32x32, or [Flatten] the map into the classifier instead of pooling it (a Linear layer weighs every position), "
                + "or classify a smaller input (Input = \"3x10x10\", the largest square input the field spans half of).", message);
            Assert.Equal("GlobalAvgPool", span);
        }

        // ND0105: a declared input that reads as HxWxC.

        [Fact]
        public void An_input_written_HxWxC_that_builds_is_a_warning_at_the_input_with_its_fix()
        {
            const string Source = @"
[Network(Input = /*ND0105*/""32x32x3"")]
public partial class Net { [Conv(16, 3, Padding = 1), ReLU] Layer conv; [Flatten] Layer flat; [Linear(10)] Layer fc; }";
            var (message, span) = Warning(Source);
            Assert.Equal("the Input 32x32x3 reads as 32 channels of 32x3 pixels, which looks like HxWxC (Keras's order); NetDsl reads CxHxW: write Input = \"3x32x32\".", message);
            Assert.Equal("\"32x32x3\"", span);
            var d = GeneratorHarness.Run(Head + Source).NetDsl.Single();
            var after = GeneratorHarness.Run(FixHarness.Apply(Head + Source, d));
            Assert.Empty(after.NetDsl);
            Assert.Empty(after.CompilerDiagnostics);
        }

        [Fact]
        public void An_input_written_HxWxC_whose_layers_need_changes_too_is_named_without_an_edit()
        {
            const string Source = @"
[Network(Input = /*ND0105*/""32x32x3"")]
public partial class Net { [Conv(16, 3, Padding = 1, In = 32), ReLU] Layer conv; [Flatten] Layer flat; [Linear(10)] Layer fc; }";
            var (message, _) = Warning(Source);
            Assert.EndsWith("NetDsl reads CxHxW: write Input = \"3x32x32\" (its layers, as declared, do not accept that input yet).", message);
            Assert.False(FixHarness.HasFix(GeneratorHarness.Run(Head + Source).NetDsl.Single()));
            // A CxHxW input with few pixels a side is not flagged, nor is 3x32x32 itself.
            None(@"
[Network(Input = ""16x4x4"")]
public partial class A { [Conv(16, 3, Padding = 1), ReLU] Layer conv; [Flatten] Layer flat; [Linear(10)] Layer fc; }
[Network(Input = ""3x32x32"")]
public partial class B { [Conv(16, 3, Padding = 1), ReLU] Layer conv; [Flatten] Layer flat; [Linear(10)] Layer fc; }");
        }

        [Fact]
        public void Flattened_maps_fields_over_half_the_input_and_other_tasks_are_no_ND0104()
        {
            // LeNet-5: a 16x16 field on 28x28, flattened into the classifier (a Linear layer weighs every position).
            None(@"
[Network(Input = ""1x28x28"")]
public partial class LeNet
{
    [Conv(6, 5, Padding = 2), ReLU, MaxPool(2)] Layer conv1;
    [Conv(16, 5), ReLU, MaxPool(2)]             Layer conv2;
    [Flatten, Linear(120), ReLU, Linear(10)]    Layer fc;
}");
            // The README's residual network: a 25x25 field on 32x32, most of the input.
            None(@"
[Block, Residual(Projection = ""downsample"", After = Act.ReLU)]
public partial class Basic(int planes, int stride = 1)
{
    [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU]                                                             Layer bn1;
    [Conv(nameof(planes), 3, Padding = 1, Bias = false)]                          Layer conv2;
    [BatchNorm]                                                                   Layer bn2;
}
[Network(Input = ""3x32x32"")]
public partial class SmallResNet(int classes = 10)
{
    [Conv(16, 3, Padding = 1, Bias = false), BatchNorm, ReLU] Layer stem;
    [Repeat(2, typeof(Basic), 16)]                            Layer layer1;
    [Repeat(2, typeof(Basic), 32, First = ""stride: 2"")]       Layer layer2;
    [GlobalAvgPool, Flatten]                                  Layer pool;
    [Linear(nameof(classes))]                                 Layer fc;
}");
            // Not a classifier: a per-pixel head, and a symbolic input.
            const string Shallow = @"
[Network(Input = ""3x64x64""{0})]
public partial class Net {{ [Conv(8, 3, Padding = 1), ReLU] Layer conv; [GlobalAvgPool, Flatten] Layer pool; [Linear(10)] Layer fc; }}";
            None(string.Format(System.Globalization.CultureInfo.InvariantCulture, Shallow, ", Task = ModelTask.Detection"));
            None(string.Format(System.Globalization.CultureInfo.InvariantCulture, Shallow, "").Replace("Input = \"3x64x64\"", "Input = \"3xHxW\", Default = \"3x64x64\""));
            // A deliberately tiny network suppresses it as any project would.
            None(GeneratorHarness.Tiny + string.Format(System.Globalization.CultureInfo.InvariantCulture, Shallow, ""));
        }
    }
}
