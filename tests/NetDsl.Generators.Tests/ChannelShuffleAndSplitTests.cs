using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>[ChannelShuffle], [Split] and [Branches(Shuffle = g)]: ShuffleNetV2's unit, checked against torch's own ops.</summary>
    public class ChannelShuffleAndSplitTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void A_split_unit_passes_one_half_through_and_shuffles_the_concat_like_torch()
        {
            var run = GeneratorHarness.Run(Head + @"
[Block, Branches(Merge.Concat, Shuffle = 2)]
public partial class Unit
{
    [Split(2, 0)]                                   Layer branch1;
    [Split(2, 1)]                                   Layer half;
    [From(nameof(half)), Conv(""C"", 1, Bias = false)] Layer branch2;
}

[Network(Input = ""6x5x4"")]
public partial class Net
{
    [Use(typeof(Unit))]                 Layer unit;
    [Conv(8, 1), ChannelShuffle(4)]     Layer mix;      // functional after a conv
    [ChannelShuffle(2), Split(4, 3)]    Layer tail;     // modules in a Sequential
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Equal(new[]
            {
                ("unit.branch1", "ChannelSplit", new TensorShape(3, 5, 4)), ("unit.half", "ChannelSplit", new TensorShape(3, 5, 4)),
                ("unit.branch2", "Conv2d", new TensorShape(3, 5, 4)), ("unit", "Concat", new TensorShape(6, 5, 4)), ("unit", "ChannelShuffle", new TensorShape(6, 5, 4)),
                ("mix", "Conv2d", new TensorShape(8, 5, 4)), ("mix", "ChannelShuffle", new TensorShape(8, 5, 4)),
                ("tail.0", "ChannelShuffle", new TensorShape(8, 5, 4)), ("tail.1", "ChannelSplit", new TensorShape(2, 5, 4)),
            }, net.LayerRows.Select(r => (r.Path, r.Kind, r.Output)));
            Assert.Equal(new[] { "unit.branch2.weight", "mix.weight", "mix.bias" }, net.state_dict().Keys);

            using var scope = NewDisposeScope();
            var sd = net.state_dict();
            var x = randn(2, 6, 5, 4);
            var halves = x.chunk(2, 1);
            var unit = Shuffle(cat(new[] { halves[0], nn.functional.conv2d(halves[1], sd["unit.branch2.weight"]) }, 1), 2);
            var mix = Shuffle(nn.functional.conv2d(unit, sd["mix.weight"], sd["mix.bias"]), 4);
            var expected = Shuffle(mix, 2).chunk(4, 1)[3];
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
        }

        /// <summary>LibTorch's own channel_shuffle (TorchSharp's ChannelShuffle module), not NetDsl's view/transpose.</summary>
        static Tensor Shuffle(Tensor x, long groups)
        {
            using var module = nn.ChannelShuffle(groups);
            return module.call(x);
        }

        [Fact]
        public void Shuffle_groups_that_do_not_divide_the_channels_are_ND0010_at_the_argument()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""6x4x4"")]
public partial class Net { [ChannelShuffle(/*ND0010*/4)] Layer shuffle; }");
            Assert.Equal("shuffle: ChannelShuffle Groups = 4 must divide the input's 6 channels (6x4x4); choose a group count that divides 6.", message);
            Assert.Equal("4", span);
        }

        [Fact]
        public void A_split_index_past_the_parts_is_ND0013_at_the_index()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""6x4x4"")]
public partial class Net { [Split(2, /*ND0013*/2)] Layer half; }");
            Assert.Equal("half: ChannelSplit Index = 2 is not one of the 2 parts; use an index from 0 to 1.", message);
            Assert.Equal("2", span);
        }

        [Fact]
        public void Splitting_odd_channels_in_halves_is_ND0010_at_the_parts()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""5x4x4"")]
public partial class Net { [Split(/*ND0010*/2, 0)] Layer half; }");
            Assert.Equal("half: ChannelSplit into 2 equal parts needs channels divisible by 2, but the input is 5x4x4; split a map whose channels 2 divides.", message);
            Assert.Equal("2", span);
        }

        [Fact]
        public void A_branch_shuffle_that_does_not_divide_the_merged_channels_is_ND0010_at_Shuffle()
        {
            var (message, span) = GeneratorHarness.SingleDiagnosticInBlock(Head + @"
[Block, Branches(Merge.Concat, Shuffle = /*ND0010*/4)]
public partial class Unit
{
    [Conv(3, 1)] Layer a;
    [Conv(3, 1)] Layer b;
}
[Network(Input = ""6x4x4"")]
public partial class Net { [Use(typeof(Unit))] Layer unit; }", "Use(typeof(Unit))");
            Assert.Equal("unit: ChannelShuffle Groups = 4 must divide the input's 6 channels (6x4x4); choose a group count that divides 6.", message);
            Assert.Equal("4", span);
        }
    }
}
