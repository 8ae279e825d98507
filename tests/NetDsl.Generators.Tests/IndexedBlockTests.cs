using System;
using System.Linq;
using TorchSharp;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>[Block(Indexed = true)] and [Residual(IfShapesMatch = true)] (MobileNetV2's building blocks).</summary>
    public class IndexedBlockTests
    {
        [Fact]
        public void Indexed_blocks_register_members_by_position_and_optional_skips_follow_the_shape()
        {
            var run = GeneratorHarness.Run(@"using NetDsl;
namespace Demo;
[Block(Indexed = true)]
public partial class ConvBN(int channels, int stride = 1)
{
    [Conv(nameof(channels), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv;
    [BatchNorm] Layer norm;
    [ReLU6] Layer act;
}
[Block, Residual(IfShapesMatch = true)]
public partial class Maybe(int channels, int stride)
{
    [Use(typeof(ConvBN), nameof(channels), nameof(stride)), Conv(nameof(channels), 1, Bias = false)] Layer conv;
}
[Network(Input = ""8x8x8"")]
public partial class Net
{
    [Use(typeof(Maybe), 8, 1), Use(typeof(Maybe), 16, 2), Use(typeof(Maybe), 16, 1)] Layer features;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            var keys = net.state_dict().Keys.ToList();
            Assert.Contains("features.0.conv.0.0.weight", keys);
            Assert.Contains("features.0.conv.0.1.running_mean", keys);
            Assert.Contains("features.1.conv.1.weight", keys);
            Assert.DoesNotContain(keys, k => k.Contains(".norm.") || k.Contains(".conv.conv."));
            // skips where the shape is kept (0 and 2), none at the stride-2 widening block (1)
            var skips = Enumerable.Range(0, 3).Select(i => (bool)net.named_modules().First(m => m.name == "features." + i).module
                .GetType().GetField("__skip", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .GetValue(net.named_modules().First(m => m.name == "features." + i).module)!).ToArray();
            Assert.Equal(new[] { true, false, true }, skips);
            using var y = net.forward(torch.randn(2, 8, 8, 8));
            Assert.Equal(new long[] { 2, 16, 4, 4 }, y.shape);
        }
    }
}
