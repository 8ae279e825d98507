using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Taps inside a [Use] or [Repeat] member (<c>[From("backbone.1")]</c>, torchvision's IntermediateLayerGetter) and members
    /// registered [Under] a container (<c>classifier.cbr</c>): LR-ASPP's two needs, checked, emitted, built and run.
    /// </summary>
    public class InnerTapTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Blocks = @"
[Block(Indexed = true)]
public partial class Cba(int channels, int stride = 1)
{
    [Conv(nameof(channels), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv;
    [BatchNorm]                                                                     Layer norm;
    [ReLU]                                                                          Layer act;
}

[Block(Indexed = true)]
public partial class Features
{
    [Use(typeof(Cba), 4, 2)] Layer stem;
    [Use(typeof(Cba), 6, 2)] Layer b1;
    [Use(typeof(Cba), 8, 2)] Layer b2;
    [Use(typeof(Cba), 8)]    Layer b3;
}

[Block, Residual]
public partial class Res(int channels)
{
    [Conv(nameof(channels), 3, Padding = 1)] Layer conv;
    [ReLU]                                   Layer relu;
}
";

        const string Net = Blocks + @"
[Network(Input = ""3xHxW"", Default = ""3x32x32"", Task = ModelTask.Segmentation)]
public partial class Net(int classes = 3)
{
    [Use(typeof(Features))]                                                                   Layer backbone;   // 8 x H/8
    [Under(""classifier""), Conv(5, 1, Bias = false), BatchNorm, ReLU]                        Layer cbr;
    [Under(""classifier""), From(nameof(backbone)), GlobalAvgPool, Conv(5, 1), Sigmoid]       Layer scale;
    [Under(""classifier""), From(""backbone.1""), Conv(nameof(classes), 1)]                   Layer low;        // 6 x H/4
    [From(nameof(cbr)), Multiply(nameof(scale)), Upsample(Height = ""(InH + 3) / 4"", Width = ""(InW + 3) / 4"", Mode = Interpolation.Bilinear)] Layer up;
    [Under(""classifier""), Conv(nameof(classes), 1)]                                         Layer high;
    [Add(nameof(low)), Upsample(Height = ""InH"", Width = ""InW"", Mode = Interpolation.Bilinear)] Layer upsample;
}

[Network(Input = ""3x16x16"")]
public partial class Repeated
{
    [Conv(8, 3, Padding = 1)]                      Layer stem;
    [Repeat(3, typeof(Res), 8, Prefix = ""r"", Start = 1)] Layer layer1;
    [From(""layer1.r2""), Conv(2, 1)]              Layer side;
    [From(nameof(layer1)), Concat(nameof(side)), GlobalAvgPool, Flatten, Linear(4)] Layer fc;
}
";

        static Network Create(string type, params object[] args)
        {
            var run = GeneratorHarness.Run(Head + Net);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            return (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo." + type)!, args)!;
        }

        [Fact]
        public void A_tap_inside_a_used_block_and_members_under_a_container_keep_their_keys_and_compute_the_head()
        {
            using var scope = NewDisposeScope();
            using var net = Create("Net", 3);
            // The container is registered where its first member is, its members in declaration order (torchvision's LR-ASPP order).
            var keys = net.state_dict().Keys.ToList();
            Assert.Equal(new[] { "backbone", "classifier", "up", "upsample" }, net.named_children().Select(c => c.name).ToArray());
            Assert.Equal(new[] { "classifier.cbr.0.weight", "classifier.cbr.1.weight", "classifier.cbr.1.bias", "classifier.scale.1.weight", "classifier.scale.1.bias",
                "classifier.low.weight", "classifier.low.bias", "classifier.high.weight", "classifier.high.bias" },
                keys.Where(k => k.StartsWith("classifier.", StringComparison.Ordinal) && !k.Contains("running") && !k.Contains("num_batches")).ToArray());
            Assert.Contains("backbone.1.0.weight", keys);
            Assert.Contains(("classifier.low", "Conv2d", new TensorShape(3, 8, 8)), net.LayerRows.Select(r => (r.Path, r.Kind, r.Output)));

            // The same computation written out: backbone children one by one, low from backbone.1; at the built size and another.
            var sd = net.state_dict();
            foreach (int size in new[] { 32, 29 })
            {
                Network sized;
                using (Network.BuildAt(new TensorShape(3, size, size))) sized = Create("Net", 3);
                sized.load_state_dict(sd);
                sized.eval();
                var x = randn(2, 3, size, size);
                Tensor Cba(Tensor t, string p, int stride) => nn.functional.relu(nn.functional.batch_norm(
                    nn.functional.conv2d(t, sd[p + ".0.weight"], strides: new long[] { stride, stride }, padding: new long[] { 1, 1 }),
                    sd[p + ".1.running_mean"], sd[p + ".1.running_var"], sd[p + ".1.weight"], sd[p + ".1.bias"], false));
                var f1 = Cba(Cba(x, "backbone.0", 2), "backbone.1", 2);
                var high = Cba(Cba(f1, "backbone.2", 2), "backbone.3", 1);
                var cbr = nn.functional.relu(nn.functional.batch_norm(nn.functional.conv2d(high, sd["classifier.cbr.0.weight"]),
                    sd["classifier.cbr.1.running_mean"], sd["classifier.cbr.1.running_var"], sd["classifier.cbr.1.weight"], sd["classifier.cbr.1.bias"], false));
                var scale = nn.functional.conv2d(high.mean(new long[] { 2, 3 }, keepdim: true), sd["classifier.scale.1.weight"], sd["classifier.scale.1.bias"]).sigmoid();
                var up = nn.functional.interpolate(cbr * scale, new long[] { f1.shape[2], f1.shape[3] }, mode: InterpolationMode.Bilinear, align_corners: false);
                var sum = nn.functional.conv2d(up, sd["classifier.high.weight"], sd["classifier.high.bias"])
                    .add(nn.functional.conv2d(f1, sd["classifier.low.weight"], sd["classifier.low.bias"]), alpha: Scalars.One);
                var expected = nn.functional.interpolate(sum, new long[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false);
                using (no_grad()) Assert.True(sized.forward(x).allclose(expected, rtol: 1e-4, atol: 1e-5), $"the head at {size}x{size} differs from the written-out computation");
            }
        }

        [Fact]
        public void The_declared_graph_reads_the_tap_from_inside_the_backbone()
        {
            using var net = Create("Net", 3);
            var low = net.Graph.Nodes.Single(n => n.Path == "classifier.low");
            Assert.Equal("backbone.1.2", low.Sources[0]!.Path);   // the ReLU closing backbone.1
            Assert.Equal(new TensorShape(6, 8, 8), low.InputShapes[0]);
        }

        [Fact]
        public void A_tap_inside_a_repeat_reads_that_instance()
        {
            using var scope = NewDisposeScope();
            using var net = Create("Repeated");
            Assert.Equal(new TensorShape(10, 16, 16), net.LayerRows.Single(r => r.Path == "fc" && r.Kind == "Concat").Output);
            var sd = net.state_dict();
            var x = randn(2, 3, 16, 16);
            var t = nn.functional.conv2d(x, sd["stem.weight"], sd["stem.bias"], padding: new long[] { 1, 1 });
            Tensor R(Tensor v, string p) => v.add(nn.functional.relu(nn.functional.conv2d(v, sd[p + ".conv.weight"], sd[p + ".conv.bias"], padding: new long[] { 1, 1 })), alpha: Scalars.One);
            var r1 = R(t, "layer1.r1");
            var r2 = R(r1, "layer1.r2");
            var r3 = R(r2, "layer1.r3");
            var side = nn.functional.conv2d(r2, sd["side.weight"], sd["side.bias"]);
            var pooled = cat(new[] { side, r3 }, 1).mean(new long[] { 2, 3 });
            var expected = nn.functional.linear(pooled, sd["fc.2.weight"], sd["fc.2.bias"]);
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(expected, rtol: 1e-4, atol: 1e-5));
        }

        [Fact]
        public void A_tap_naming_no_member_of_the_block_is_ND0019_listing_them()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + Blocks + @"
[Network(Input = ""3x32x32"")]
public partial class Bad
{
    [Use(typeof(Features))]                       Layer backbone;
    [From(/*ND0019*/""backbone.7""), Conv(2, 1)] Layer low;
}");
            Assert.Equal("low: [From] names 'backbone.7', but Features (used by backbone) has no member '7'; name one of its members: 0 (stem), 1 (b1), 2 (b2), 3 (b3).", message);
            Assert.Equal("\"backbone.7\"", span);
        }

        [Fact]
        public void A_tap_inside_a_member_that_is_no_block_is_ND0021()
        {
            var (message, _) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Bad
{
    [Conv(4, 3), BatchNorm]                   Layer stem;
    [From(/*ND0021*/""stem.1""), Conv(2, 1)] Layer low;
}");
            Assert.Equal("low: [From] names 'stem.1', inside stem, which holds [Conv, BatchNorm] rather than one [Use] or [Repeat]; a tap reaches inside one block instance or repeat only: name stem itself.", message);
        }

        [Fact]
        public void A_tap_inside_a_block_whose_forward_is_not_its_members_in_order_is_ND0021()
        {
            var (message, _) = GeneratorHarness.SingleDiagnostic(Head + Blocks + @"
[Network(Input = ""8x8x8"")]
public partial class Bad
{
    [Use(typeof(Res), 8)]                        Layer block;
    [From(/*ND0021*/""block.conv""), Conv(2, 1)] Layer low;
}");
            Assert.Equal("low: [From] names 'block.conv', inside block, but Res's forward is not its members one after another (it has [Residual]), so it cannot be split after 'conv'; tap block itself.", message);
        }

        [Fact]
        public void A_tap_on_a_convolution_the_inference_path_folds_away_is_ND0021_naming_the_BatchNorm()
        {
            var (message, _) = GeneratorHarness.SingleDiagnostic(Head + Blocks + @"
[Network(Input = ""3x8x8"")]
public partial class Bad
{
    [Use(typeof(Cba), 4)]                        Layer stem;
    [From(/*ND0021*/""stem.conv""), Conv(2, 1)] Layer low;
}");
            Assert.Equal("low: [From] names 'stem.conv', the convolution Cba.conv, which the inference path folds into the BatchNorm after it, so its own output does not exist there; tap 'stem.1' (after the BatchNorm) instead.", message);
        }

        [Fact]
        public void A_repeat_instance_it_does_not_have_is_ND0019()
        {
            var (message, _) = GeneratorHarness.SingleDiagnostic(Head + Blocks + @"
[Network(Input = ""8x8x8"")]
public partial class Bad
{
    [Repeat(2, typeof(Res), 8)]                   Layer layer1;
    [From(/*ND0019*/""layer1.2""), Conv(2, 1)]   Layer side;
}");
            Assert.Equal("side: [From] names 'layer1.2', but layer1 has no instance '2' for these arguments; name one it has.", message);
        }

        [Fact]
        public void Under_with_a_dotted_name_or_a_member_of_the_same_name_is_ND0013()
        {
            var (dotted, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Bad { [Under(/*ND0013*/""head.cls""), Conv(2, 1)] Layer cls; }");
            Assert.Equal("cls: [Under(\"head.cls\")] needs a container module name, one identifier without dots; write e.g. [Under(\"classifier\")].", dotted);
            Assert.Equal("\"head.cls\"", span);
            var (clash, _) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Bad { [Conv(2, 1)] Layer head; [Under(/*ND0013*/""head""), Conv(2, 1)] Layer cls; }");
            Assert.Equal("cls: [Under(\"head\")] names a container that is also the member head, and a module holds one submodule per name; choose another container name or rename the member.", clash);
        }
    }
}
