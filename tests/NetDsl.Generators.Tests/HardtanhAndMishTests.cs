using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>[Hardtanh(min, max)] and [Mish]: shape-keeping activations, as modules (first in a member) and functional (after it).</summary>
    public class HardtanhAndMishTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void Both_activations_compute_PyTorchs_definitions_as_modules_and_in_forward()
        {
            var run = GeneratorHarness.Run(Head + @"
[Block]
public partial class Gated(Act act)
{
    [Conv(4, 1), Activation(nameof(act))] Layer conv;
}

[Network(Input = ""3x5x5"")]
public partial class Net
{
    [Hardtanh(-0.5, 2)]                    Layer clamp;
    [Conv(4, 3, Padding = 1), Mish]        Layer conv;
    [Mish, Hardtanh]                       Layer acts;
    [Conv(4, 1), Hardtanh(0, 6)]           Layer relu6;
    [Use(typeof(Gated), Act.Mish)]         Layer gated;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Equal(new[] { "Hardtanh", "Conv2d", "Mish", "Mish", "Hardtanh", "Conv2d", "Hardtanh", "Conv2d", "Mish" }, net.LayerRows.Select(r => r.Kind));

            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            var x = randn(2, 3, 5, 5).mul(held[3.0]);
            var sd = net.state_dict();
            Tensor Mish(Tensor t) => t * tanh(nn.functional.softplus(t));
            var y = x.clamp(held[-0.5], held[2.0]);
            y = Mish(nn.functional.conv2d(y, sd["conv.weight"], sd["conv.bias"], padding: new long[] { 1, 1 }));
            y = Mish(y).clamp(held[-1.0], held[1.0]);
            y = nn.functional.conv2d(y, sd["relu6.weight"], sd["relu6.bias"]).clamp(held[0.0], held[6.0]);
            y = Mish(nn.functional.conv2d(y, sd["gated.conv.weight"], sd["gated.conv.bias"]));
            net.eval();
            using (no_grad())
            {
                var actual = net.forward(x);
                Assert.True(actual.allclose(y, rtol: 1e-5, atol: 1e-5), $"max diff {(actual - y).abs().max().item<float>()}");
            }
        }

        [Fact]
        public void Hardtanh_defaults_to_minus_one_one_and_keeps_the_shape()
        {
            var a = new HardtanhArgs();
            Assert.Equal((-1.0, 1.0), (a.Min, a.Max));
            Assert.Equal(TensorShape.Vector(7), HardtanhKind.Instance.Rule("act", TensorShape.Vector(7), a).Output);
        }

        [Fact]
        public void Hardtanh_bounds_out_of_order_are_ND0013_at_max()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x8x8"")]
public partial class Net { [Conv(4, 3), Hardtanh(1, /*ND0013*/1)] Layer conv; }");
            Assert.Equal("conv: Hardtanh's max 1 must be above its min 1; write [Hardtanh(min, max)] with min < max.", message);
            Assert.Equal("1", span);
        }
    }
}
