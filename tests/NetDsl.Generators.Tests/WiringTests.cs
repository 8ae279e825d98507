using System;
using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>[From], [Concat], [Add] and [Aux]: encoder-decoder links, skip fusion and auxiliary heads.</summary>
    public class WiringTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string TinyUNet = Head + @"
[Block]
public partial class Twice(int channels, int padding = 0)
{
    [Conv(nameof(channels), 3, Padding = nameof(padding)), ReLU] Layer conv1;
    [Conv(nameof(channels), 3, Padding = nameof(padding)), ReLU] Layer conv2;
}

[Network(Input = ""1x44x44"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Use(typeof(Twice), 4)]                                    Layer enc1;   // 40
    [MaxPool(2), Use(typeof(Twice), 8)]                        Layer enc2;   // 20 → 16
    [ConvTranspose(4, 2, Stride = 2)]                          Layer up;     // 32
    [Concat(nameof(enc1), Crop = true), Use(typeof(Twice), 4)] Layer dec;    // 4+4 channels, 32 → 28
    [From(nameof(enc2)), Conv(4, 1)]                           Layer side;   // 4x16x16 from enc2
    [Upsample(2, Mode = Interpolation.Bilinear)]               Layer grow;   // 4x32x32
    [Add(nameof(dec), Crop = true), Conv(3, 1)]                Layer head;   // dec cropped? no: dec is 28, grow 32 → crop needs kept ≥ input
}";

        /// <summary>The one diagnostic of <paramref name="marked"/>, which marks where it must start (<c>/*ND0017*/nameof(enc)</c>).</summary>
        static (string Message, string Span) Single(string marked) => GeneratorHarness.SingleDiagnostic(Head + marked);

        [Fact]
        public void An_add_link_with_other_channels_names_the_path_and_the_tap_not_branches()
        {
            var (message, span) = Single(@"
[Network(Input = ""3x16x16"")]
public partial class Net { [Conv(8, 3, Padding = 1)] Layer enc; [Conv(16, 3, Padding = 1)] Layer mid; [Add(/*ND0005*/nameof(enc)), Conv(4, 1)] Layer dec; }");
            Assert.Equal("dec (add with enc): add of 16x16x16 and 8x16x16: channel counts differ (16 vs 8); the path that reaches here has 16 channels and enc's output 8: "
                + "give the layer before the merge 8 output channels, or keep both with [Concat(nameof(enc))].", message);
            Assert.Equal("nameof(enc)", span);
        }

        [Fact]
        public void Crop_of_a_kept_map_smaller_than_the_input_names_both_and_points_at_the_tap()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(TinyUNet.Replace("[Add(nameof(dec), Crop = true)", "[Add(/*ND0020*/nameof(dec), Crop = true)"));
            Assert.Equal("head: add with dec: dec's output 4x28x28 is smaller than the input 4x32x32 it joins, so it cannot be cropped to 32x32; crop only shrinks: pad the decoder's convolutions less or join an earlier, larger member.", message);
            Assert.Equal("nameof(dec)", span);
        }

        const string UNet = Head + @"
[Block]
public partial class Twice(int channels, int padding = 0)
{
    [Conv(nameof(channels), 3, Padding = nameof(padding)), ReLU] Layer conv1;
    [Conv(nameof(channels), 3, Padding = nameof(padding)), ReLU] Layer conv2;
}

[Network(Input = ""1x44x44"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Use(typeof(Twice), 4)]                                    Layer enc1;
    [MaxPool(2), Use(typeof(Twice), 8)]                        Layer enc2;
    [ConvTranspose(4, 2, Stride = 2)]                          Layer up;
    [Concat(nameof(enc1), Crop = true), Use(typeof(Twice), 4)] Layer dec;
    [From(nameof(enc2)), Conv(4, 1)]                           Layer side;
    [Upsample(Height = 28, Width = 28, Mode = Interpolation.Bilinear)] Layer grow;
    [Add(nameof(dec)), Conv(3, 1)]                             Layer head;
}";

        [Fact]
        public void Crop_concat_from_and_add_build_the_checked_shapes_and_run()
        {
            var run = GeneratorHarness.Run(UNet);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            var rows = net.LayerRows.ToDictionary(r => r.Path + "/" + r.Kind, r => r.Output);
            Assert.Equal(new TensorShape(8, 32, 32), rows["dec/Concat"]);      // enc1 (4x40x40) cropped to 32x32, first
            Assert.Equal(new TensorShape(4, 28, 28), rows["head/Add"]);
            Assert.Equal(new TensorShape(3, 28, 28), net.OutputShape);
            Assert.Equal(ModelTask.Segmentation, ModelTaskOf(run));

            using var scope = NewDisposeScope();
            var x = randn(2, 1, 44, 44, requires_grad: true);
            var y = net.forward(x);
            Assert.Equal(new long[] { 2, 3, 28, 28 }, y.shape);
            y.sum().backward();
            Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        }

        [Fact]
        public void Concat_puts_the_kept_map_first_and_crops_its_centre()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""1x6x6"")]
public partial class Net
{
    [MaxPool(1)]                                      Layer keep;    // identity, 1x6x6
    [MaxPool(3, Stride = 1)]                          Layer shrink;  // 1x4x4
    [Concat(nameof(keep), Crop = true), MaxPool(1)]   Layer join;    // 2x4x4: cropped keep, then shrink
}");
            Assert.Empty(run.NetDsl);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            using var scope = NewDisposeScope();
            using var count = 36L.ToScalar();
            var x = arange(count, dtype: float32).reshape(1, 1, 6, 6);
            var y = net.forward(x);
            Assert.Equal(new long[] { 1, 2, 4, 4 }, y.shape);
            var expectedCrop = x[.., .., 1..5, 1..5];
            Assert.True(y[.., 0..1].allclose(expectedCrop));
            Assert.True(y[.., 1..2].allclose(nn.functional.max_pool2d(x, 3, 1)));
        }

        [Fact]
        public void Concat_of_sizes_that_differ_without_crop_suggests_the_crop()
        {
            var (message, span) = Single(@"
[Network(Input = ""1x12x12"")]
public partial class Net
{
    [Conv(2, 3)]                           Layer enc;   // 10
    [Conv(2, 3)]                           Layer mid;   // 8
    [Concat(/*ND0017*/nameof(enc)), Conv(2, 1)]      Layer dec;
}");
            Assert.Equal("dec (concat with enc): concat of 2x10x10 and 2x8x8: spatial sizes differ (10x10 vs 8x8); add Crop = true to crop enc's 10x10 to 8x8 (original U-Net).", message);
            Assert.Equal("nameof(enc)", span);
        }

        [Theory]
        [InlineData("[Concat(/*ND0019*/nameof(later)), Conv(2, 1)] Layer dec; [Conv(2, 1)] Layer later;", "nameof(later)", "dec: [Concat] names 'later', which is declared after dec; a member can only use outputs of members declared before it (earlier: enc).")]
        [InlineData("[Add(/*ND0019*/nameof(dec)), Conv(2, 1)] Layer dec;", "nameof(dec)", "dec: [Add] names 'dec', which is this member itself; a member can only use outputs of members declared before it (earlier: enc).")]
        [InlineData("[From(/*ND0019*/\"nowhere\"), Conv(2, 1)] Layer dec;", "\"nowhere\"", "dec: [From] names 'nowhere', which is not a member of Net; name an earlier member with nameof(…) (earlier: enc).")]
        public void Unknown_later_or_own_taps_are_ND0019_at_the_tap(string members, string span, string expected) =>
            AfterEnc(members, span, expected);

        [Theory]
        [InlineData("[Conv(2, 1), /*ND0021*/Concat(nameof(enc))] Layer dec;", "Concat(nameof(enc))", "dec: [Concat] comes after a layer attribute; wiring applies to the member's input, so put [Concat] before its layers.")]
        [InlineData("[Aux(nameof(enc)), /*ND0021*/From(nameof(enc)), Conv(2, 1)] Layer dec;", "From(nameof(enc))", "dec is an auxiliary head and also has [From], [Concat] or [Add]; an [Aux] head runs on its tap's output as is.")]
        [InlineData("[Aux(nameof(enc)), Conv(2, 1)] Layer head; [Add(/*ND0021*/nameof(head)), Conv(2, 1)] Layer dec;", "nameof(head)", "dec: [Add] names 'head', an auxiliary head that runs only in training; use a member on the main path.")]
        public void Misplaced_wiring_is_ND0021_at_the_misplaced_attribute(string members, string span, string expected) =>
            AfterEnc(members, span, expected);

        /// <summary>A network of a Conv member <c>enc</c> and then <paramref name="members"/>: its one diagnostic reads <paramref name="expected"/> at <paramref name="span"/>.</summary>
        static void AfterEnc(string members, string span, string expected)
        {
            var (message, at) = Single(@"
[Network(Input = ""1x12x12"")]
public partial class Net
{
    [Conv(2, 3)] Layer enc;
    " + members + @"
}");
            Assert.Equal(expected, message);
            Assert.Equal(span, at);
        }

        [Fact]
        public void Aux_in_a_block_is_ND0021()
        {
            var (message, span) = Single(@"
[Block]
public partial class B { [Conv(2, 3)] Layer a; [Aux(nameof(a)), Conv(2, 1)] Layer head; }
[Network(Input = ""1x12x12"")]
public partial class Net { [/*ND0021*/Use(typeof(B))] Layer b; }");
            Assert.Equal("b.head: [Aux] heads belong on a [Network]; B is a block, so move the head to the network that uses it.", message);
            Assert.Equal("Use(typeof(B))", span);
        }

        [Fact]
        public void Aux_heads_run_only_in_ForwardTraining_and_keep_the_main_path()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""1x8x8"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1), ReLU]                                Layer stem;
    [Aux(nameof(stem), Weight = 0.25), GlobalAvgPool, Flatten]     Layer pooled;
    [Conv(4, 3, Padding = 1)]                                      Layer body;
    [GlobalAvgPool, Flatten]                                       Layer pool;
    [Linear(3)]                                                    Layer fc;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Equal(TensorShape.Vector(3), net.OutputShape);
            Assert.Contains(net.LayerRows, r => r.Path == "pooled.0" && r.Output == new TensorShape(4, 1, 1));
            var heads = Assert.IsAssignableFrom<IAuxiliaryHeads>(net);
            using var scope = NewDisposeScope();
            var x = randn(2, 1, 8, 8);
            Assert.Equal(new long[] { 2, 3 }, net.forward(x).shape);
            using var outputs = heads.ForwardTraining(x);
            Assert.Equal(new long[] { 2, 3 }, outputs.Main.shape);
            var aux = Assert.Single(outputs.Auxiliary);
            Assert.Equal(("pooled", 0.25), (aux.Name, aux.Weight));
            Assert.Equal(new long[] { 2, 4 }, aux.Output.shape);
        }

        static ModelTask ModelTaskOf(GeneratorHarness.Result run)
        {
            var catalog = GeneratorHarness.Load(run).GetType("NetDsl.Generated.ModelCatalog")!;
            var all = (System.Collections.Generic.IReadOnlyList<ModelEntry>)catalog.GetProperty("All")!.GetValue(null)!;
            return all.Single().Task;
        }
    }
}
