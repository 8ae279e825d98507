using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>What the generator writes for a few typical declarations, compared with committed files (Snapshots/*.txt).</summary>
    public class SnapshotTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        static void Generates(string source, params string[] files)
        {
            var run = GeneratorHarness.Run(Head + source);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            Assert.Empty(ScalarLifetimeTests.Unheld(run.Output));   // generated forwards hold every Scalar they pass (NDS0001/NDS0002)
            foreach (var file in files) Snapshot.Match(file, run.Source(file));
        }

        [Fact]
        public void A_residual_network_with_a_strided_first_instance() => Generates(@"
[Block, Residual(Projection = ""downsample"", After = Act.ReLU)]
public partial class Basic(int planes, int stride = 1)
{
    [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU] Layer bn1;
    [Conv(nameof(planes), 3, Padding = 1, Bias = false)] Layer conv2;
    [BatchNorm] Layer bn2;
}

[Network(Input = ""3x32x32"", Name = ""tiny"")]
public partial class Tiny(int classes = 10)
{
    [Conv(16, 7, Stride = 2, Padding = 3, Bias = false)] Layer conv1;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)] Layer bn1;
    [Repeat(2, typeof(Basic), 16)] Layer layer1;
    [Repeat(2, typeof(Basic), 32, First = ""stride: 2"")] Layer layer2;
    [GlobalAvgPool, Flatten] Layer pool;
    [Dropout(0.1), Linear(nameof(classes))] Layer fc;
}", "Demo.Basic.g.cs", "Demo.Tiny.g.cs");

        [Fact]
        public void Named_block_arguments_squeeze_excitation_and_a_conditional_skip() => Generates(GeneratorHarness.Tiny + @"
[Block(Indexed = true)]
public partial class ConvBNAct(int channels, int kernel = 1, int stride = 1, int groups = 1, Act act = Act.Hardswish)
{
    [Conv(nameof(channels), nameof(kernel), Stride = nameof(stride), Padding = ""(kernel - 1) / 2"", Groups = nameof(groups), Bias = false)] Layer conv;
    [BatchNorm(Eps = 0.001, Momentum = 0.01)] Layer norm;
    [Activation(nameof(act))] Layer activation;
}

[Block, Residual(IfShapesMatch = true)]
public partial class Inverted(int outChannels, int expanded, int stride)
{
    [Use(typeof(ConvBNAct), Args = ""channels: expanded, act: ReLU""),
     Use(typeof(ConvBNAct), Args = ""channels: C, kernel: 3, stride: stride, groups: C, act: ReLU""),
     SqueezeExcitation(""make_divisible(C / 4, 8)"", Gate = Act.Hardsigmoid),
     Use(typeof(ConvBNAct), Args = ""channels: outChannels, act: None"")] Layer block;
}

[Network(Input = ""3x32x32"")]
public partial class Mobile
{
    [Use(typeof(ConvBNAct), Args = ""channels: 16, kernel: 3, stride: 2"")] Layer stem;
    [Use(typeof(Inverted), Args = ""outChannels: 24, expanded: 64, stride: 2"")] Layer b1;
    [Use(typeof(Inverted), Args = ""outChannels: 24, expanded: 72, stride: 1"")] Layer b2;
    [GlobalAvgPool, Flatten, Linear(10)] Layer head;
}", "Demo.Inverted.g.cs", "Demo.Mobile.g.cs");

        [Fact]
        public void A_wired_encoder_decoder_and_parallel_branches() => Generates(@"
[Block, Branches(Merge.Concat)]
public partial class Mixed(int width)
{
    [Conv(nameof(width), 1)] Layer branch1;
    [Conv(nameof(width), 3, Padding = 1), ReLU] Layer branch2;
    [MaxPool(3, Stride = 1, Padding = 1), Conv(nameof(width), 1)] Layer branch3;
}

[Network(Input = ""3x32x32"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Conv(8, 3, Padding = 1), ReLU] Layer enc1;
    [MaxPool(2), Use(typeof(Mixed), 8)] Layer enc2;
    [Upsample(2, Mode = Interpolation.Bilinear)] Layer up;
    [Concat(nameof(enc1)), Conv(8, 3, Padding = 1), BatchNorm, ReLU] Layer dec1;
    [Conv(3, 1)] Layer head;
}", "Demo.Mixed.g.cs", "Demo.Net.g.cs");

        [Fact]
        public void Variants_share_one_layer_table() => Generates(@"
[Network(Input = ""3x32x32"")]
[Variant(""small"", 8)]
[Variant(""large"", 16, Input = ""3x64x64"")]
public partial class Scaled(int width, int classes = 10)
{
    [ConvStack(""8 8 M 16 M"", BatchNorm = true)] Layer features;
    [Conv(nameof(width), 1)] Layer reduce;
    [AdaptiveAvgPool(2), Flatten, Linear(nameof(classes))] Layer classifier;
}", "Demo.Scaled.g.cs");

        [Fact]
        public void A_symbolic_length_with_its_derived_rule() => Generates(@"
[Network(Input = ""1xL"", Default = ""1x64"")]
public partial class Wave(int classes = 5)
{
    [Conv(4, 3, Padding = 1), BatchNorm, ReLU]                Layer enc;
    [Conv(8, 3, Stride = 2, Padding = 1), ReLU]               Layer down1;
    [Conv(8, 3, Stride = 2, Padding = 1), ReLU]               Layer down2;
    [ConvTranspose(8, 2, Stride = 2)]                         Layer up2;
    [Add(nameof(down1)), ConvTranspose(4, 2, Stride = 2)]     Layer up1;
    [Concat(nameof(enc)), Conv(nameof(classes), 1)]           Layer head;
}", "Demo.Wave.g.cs");

        [Fact]
        public void Auxiliary_heads_always_on_and_switched_by_a_constructor_bool() => Generates(@"
[Network(Input = ""1x8x8"")]
public partial class Heads(int classes = 10, bool auxLogits = true)
{
    [Conv(8, 3, Padding = 1), ReLU] Layer stem;
    [Aux(nameof(stem), Weight = 0.4, Enabled = nameof(auxLogits)), GlobalAvgPool, Flatten, Linear(nameof(classes))] Layer aux1;
    [Conv(8, 3, Stride = 2, Padding = 1), ReLU] Layer body;
    [Aux(nameof(body)), GlobalAvgPool, Flatten, Linear(nameof(classes))] Layer aux2;
    [GlobalAvgPool, Flatten, Linear(nameof(classes))] Layer fc;
}", "Demo.Heads.g.cs");
    }
}
