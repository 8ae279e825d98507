using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>[AdaptiveMaxPool], the kind added through the kernel's layout (attribute, Layers/AdaptiveMaxPool.cs, its factory, a registry line).</summary>
    public class AdaptiveMaxPoolTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void Pools_any_map_to_its_size_as_a_module_and_functionally()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""3x13x11"")]
public partial class Net
{
    [Conv(4, 3), AdaptiveMaxPool(2, 3)] Layer conv;      // functional after the conv
    [AdaptiveMaxPool(1), Flatten]       Layer pyramid;   // modules in a Sequential
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Equal(new[] { ("conv", "Conv2d", new TensorShape(4, 11, 9)), ("conv", "AdaptiveMaxPool2d", new TensorShape(4, 2, 3)),
                ("pyramid.0", "AdaptiveMaxPool2d", new TensorShape(4, 1, 1)), ("pyramid.1", "Flatten", TensorShape.Vector(4)) },
                net.LayerRows.Select(r => (r.Path, r.Kind, r.Output)));
            Assert.Equal(4L * 3 * 9 + 4, net.ParameterTotal);
            using var scope = NewDisposeScope();
            var x = randn(2, 3, 13, 11);
            var conv = (TorchSharp.Modules.Conv2d)net.named_children().Single(c => c.name == "conv").module;
            var expected = nn.functional.adaptive_max_pool2d(conv.forward(x), new long[] { 2, 3 }).amax(new long[] { 2, 3 });
            net.eval();
            Assert.True(net.forward(x).allclose(expected));
        }

        [Fact]
        public void A_size_below_one_is_ND0013_at_the_argument()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Net { [AdaptiveMaxPool(4, /*ND0013*/0)] Layer pool; }");
            Assert.Equal("pool: AdaptiveMaxPool2d output width must be positive, got 0; use a value ≥ 1.", message);
            Assert.Equal("0", span);
        }
    }
}
