using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>[Multiply(nameof(gate))] beside [Add]/[Concat]: an element-wise product with a kept output, broadcast (LR-ASPP's gate).</summary>
    public class MultiplyWiringTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void A_pooled_gate_scales_the_map_it_was_computed_from()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""3x6x5"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1)]                                  Layer body;
    [GlobalAvgPool, Conv(4, 1), Sigmoid]                       Layer gate;
    [From(nameof(body)), Multiply(nameof(gate)), Conv(2, 1)]   Layer head;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Contains(("head", "Multiply", new TensorShape(4, 6, 5)), net.LayerRows.Select(r => (r.Path, r.Kind, r.Output)));
            Assert.Equal(new TensorShape(2, 6, 5), net.LayerRows.Last().Output);

            using var scope = NewDisposeScope();
            var sd = net.state_dict();
            var x = randn(2, 3, 6, 5);
            var body = nn.functional.conv2d(x, sd["body.weight"], sd["body.bias"], padding: new long[] { 1, 1 });
            var gate = nn.functional.conv2d(body.mean(new long[] { 2, 3 }, keepdim: true), sd["gate.1.weight"], sd["gate.1.bias"]).sigmoid();
            var expected = nn.functional.conv2d(body * gate, sd["head.weight"], sd["head.bias"]);
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
        }

        [Fact]
        public void A_gate_whose_channels_differ_is_ND0005_at_the_tap()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x6x6"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1)]                                            Layer body;
    [GlobalAvgPool, Conv(3, 1), Sigmoid]                                 Layer gate;
    [From(nameof(body)), Multiply(/*ND0005*/nameof(gate)), Conv(2, 1)]  Layer head;
}");
            Assert.Equal("head (multiply with gate): gate has 3 channels (3x1x1) but the input has 4 (4x6x6); make the gate's channels equal the input's, or 1.", message);
            Assert.Equal("nameof(gate)", span);
        }

        [Fact]
        public void Sizes_that_do_not_broadcast_are_ND0006_at_the_tap()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""4x6x6"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1)]                                     Layer body;
    [MaxPool(2)]                                                  Layer half;
    [From(nameof(body)), Multiply(/*ND0006*/nameof(half)), Conv(2, 1)] Layer head;
}");
            Assert.Equal("head (multiply with half): spatial sizes 3x3 and 6x6 do not broadcast; pool the gate to 1x1 ([GlobalAvgPool]) or make the sizes equal.", message);
            Assert.Equal("nameof(half)", span);
        }
    }
}
