using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// [ChannelAffine(scale, shift)]: a fixed per-channel x · scale[c] + shift[c] with nothing in the state dict, turned off by a
    /// bool constructor parameter (Inception v3's transform_input), one number for all channels, and ND0013 for lists that are
    /// not numbers or do not match the channels.
    /// </summary>
    public class ChannelAffineTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Source = Head + @"
[Network(Input = ""3x4x5"")]
public partial class Net(bool transform = true)
{
    [ChannelAffine(""0.5, 2, -1"", ""0.25, 0, -3"", Enabled = nameof(transform))] Layer transform_input;
    [Conv(4, 1), ChannelAffine(""2"", ""1"")]                                      Layer conv;
}";

        [Fact]
        public void Scales_and_shifts_each_channel_owns_no_state_and_is_the_identity_when_disabled()
        {
            var run = GeneratorHarness.Run(Source);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var type = GeneratorHarness.Load(run).GetType("Demo.Net")!;
            using var on = (Network)Activator.CreateInstance(type, new object[] { true })!;
            using var off = (Network)Activator.CreateInstance(type, new object[] { false })!;
            Assert.Equal(new[] { ("transform_input", "ChannelAffine", 0L), ("conv", "Conv2d", 16L), ("conv", "ChannelAffine", 0L) },
                on.LayerRows.Select(r => (r.Path, r.Kind, r.Parameters)));
            Assert.Equal(new[] { "conv.weight", "conv.bias" }, on.state_dict().Keys);
            off.load_state_dict(on.state_dict());

            using var scope = NewDisposeScope();
            var x = randn(2, 3, 4, 5);
            var sd = on.state_dict();
            using var held = new ScalarScope();
            var t = cat(new[] { x[.., 0..1].mul(held[0.5]).add(held[0.25], alpha: Scalars.One), x[.., 1..2].mul(held[2.0]), x[.., 2..3].mul(held[-1.0]).sub(held[3.0]) }, 1);
            Tensor Conv(Tensor v) => nn.functional.conv2d(v, sd["conv.weight"], sd["conv.bias"]).mul(held[2.0]).add(held[1.0], alpha: Scalars.One);
            on.eval();
            off.eval();
            using (no_grad())
            {
                Assert.True(on.forward(x).allclose(Conv(t), rtol: 1e-5, atol: 1e-6));
                Assert.True(off.forward(x).allclose(Conv(x), rtol: 1e-5, atol: 1e-6));
                Assert.False(on.forward(x).allclose(off.forward(x), rtol: 1e-3, atol: 1e-3));
            }
        }

        [Fact]
        public void A_list_with_another_count_than_the_channels_is_ND0013_at_the_list()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x4x4"")]
public partial class Net { [ChannelAffine(/*ND0013*/""1, 2"", ""0"")] Layer t; }");
            Assert.Equal("t: ChannelAffine's Scale has 2 numbers but its input 3x4x4 has 3 channels; write 3 numbers, or one for every channel.", message);
            Assert.Equal("\"1, 2\"", span);
        }

        [Fact]
        public void A_list_that_is_not_numbers_is_ND0013_at_the_list()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x4x4"")]
public partial class Net { [ChannelAffine(""1"", /*ND0013*/""0, mean, 1"")] Layer t; }");
            Assert.Equal("t: ChannelAffine's Shift \"0, mean, 1\" is not a list of numbers; write them comma-separated, such as \"0.5, 0.25, 2\".", message);
            Assert.Equal("\"0, mean, 1\"", span);
        }
    }
}
