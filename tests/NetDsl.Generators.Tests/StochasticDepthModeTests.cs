using System;
using System.Linq;
using NetDsl.Graph;
using NetDsl.Shapes;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// [StochasticDepth(p, Mode = "batch")] and [Residual(StochasticDepth = p, StochasticDepthMode = "batch")]: torchvision's
    /// stochastic_depth in batch mode draws once for the whole batch (all zeroed, or all scaled by 1 / (1 - p)), row mode once
    /// per sample; both are the identity in eval and at p = 0. Counted over many draws: the drop rate is p within 5 standard
    /// deviations, and only row mode mixes dropped and kept samples in one batch.
    /// </summary>
    public class StochasticDepthModeTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Layers = Head + @"
[Network(Input = ""2x3x3"")]
public partial class RowNet { [StochasticDepth(0.3)] Layer drop; }

[Network(Input = ""2x3x3"")]
public partial class BatchNet { [StochasticDepth(0.3, Mode = ""batch"")] Layer drop; }

[Network(Input = ""2x3x3"")]
public partial class BatchAfterConv(double p = 0.3)
{
    [Conv(2, 1, Bias = false), StochasticDepth(nameof(p), Mode = ""batch"")] Layer conv;
}";

        const int Batch = 8, Trials = 400;
        const double P = 0.3;
        static readonly TorchSharp.Scalar KeepProbability = (1 - P).ToScalar(), Two = 2L.ToScalar();

        [Fact]
        public void Row_mode_drops_samples_one_by_one_and_batch_mode_all_or_none_at_rate_p()
        {
            var run = GeneratorHarness.Run(Layers);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var assembly = GeneratorHarness.Load(run);
            using var row = (Network)Activator.CreateInstance(assembly.GetType("Demo.RowNet")!)!;
            using var batch = (Network)Activator.CreateInstance(assembly.GetType("Demo.BatchNet")!)!;
            Assert.Equal(StochasticDepthArgs.BatchMode, batch.Graph.Nodes.Single().ArgsAs<StochasticDepthArgs>()!.Mode);
            Assert.Equal(StochasticDepthArgs.RowMode, row.Graph.Nodes.Single().ArgsAs<StochasticDepthArgs>()!.Mode);

            var (rowDropped, rowMixed) = Count(row, 1);
            var (batchDropped, batchMixed) = Count(batch, 2);
            // Row: 3200 independent samples; batch: 400 draws of 8 samples each.
            AssertRate(rowDropped / (double)(Batch * Trials), Batch * Trials, "row");
            AssertRate(batchDropped / (double)(Batch * Trials), Trials, "batch");
            Assert.True(rowMixed > Trials / 2, $"row mode mixed dropped and kept samples in only {rowMixed} of {Trials} batches");
            Assert.Equal(0, batchMixed);
        }

        /// <summary>Dropped samples and batches that hold both dropped and kept samples, over <see cref="Trials"/> training forwards of ones.</summary>
        static (int Dropped, int Mixed) Count(Network net, int seed)
        {
            using var scope = NewDisposeScope();
            var x = ones(Batch, 2, 3, 3);
            net.train();
            random.manual_seed(seed);
            int dropped = 0, mixed = 0;
            float kept = (float)(1 / (1 - P));
            for (int t = 0; t < Trials; t++)
            {
                using var y = net.forward(x).detach();
                int zeros = 0;
                for (int s = 0; s < Batch; s++)
                {
                    var values = y[s].flatten().data<float>().ToArray();
                    // A sample is zeroed whole or kept whole, scaled by 1 / (1 - p).
                    Assert.True(values.All(v => v == 0) || values.All(v => v == kept), $"trial {t}, sample {s}: neither all 0 nor all {kept}");
                    if (values[0] == 0) zeros++;
                }
                dropped += zeros;
                if (zeros > 0 && zeros < Batch) mixed++;
            }
            // Eval: the input itself.
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).equal(x).all().item<bool>());
            return (dropped, mixed);
        }

        static void AssertRate(double rate, int draws, string mode)
        {
            double sd = Math.Sqrt(P * (1 - P) / draws);
            Assert.True(Math.Abs(rate - P) < 5 * sd, $"{mode} mode dropped {rate:F3} of the samples; p = {P} ± {5 * sd:F3} expected");
        }

        [Fact]
        public void After_a_convolution_batch_mode_runs_functionally_and_p_zero_is_the_identity_in_training()
        {
            var run = GeneratorHarness.Run(Layers);
            var type = GeneratorHarness.Load(run).GetType("Demo.BatchAfterConv")!;
            using var scope = NewDisposeScope();
            using var net = (Network)Activator.CreateInstance(type, new object[] { P })!;
            using var never = (Network)Activator.CreateInstance(type, new object[] { 0.0 })!;
            never.load_state_dict(net.state_dict());
            var x = randn(Batch, 2, 3, 3);
            Tensor plain;
            net.eval();
            using (no_grad()) plain = net.forward(x);
            net.train();
            never.train();
            random.manual_seed(4);
            var seen = new System.Collections.Generic.HashSet<bool>();
            for (int t = 0; t < 40; t++)
            {
                using var y = net.forward(x).detach();
                bool dropped = y.abs().max().item<float>() == 0;
                Assert.True(dropped || y.allclose(plain.div(KeepProbability), rtol: 1e-5, atol: 1e-6), $"trial {t}: neither zero nor the scaled output");
                seen.Add(dropped);
                Assert.True(never.forward(x).detach().allclose(plain, rtol: 1e-6, atol: 1e-7));
            }
            Assert.Equal(2, seen.Count);
        }

        const string Residuals = Head + @"
[Block, Residual(StochasticDepth = 0.5, StochasticDepthMode = ""batch"")]
public partial class B { [Conv(""C"", 3, Padding = 1)] Layer conv; }

[Network(Input = ""2x4x4"")]
public partial class Net { [Use(typeof(B))] Layer b; }";

        [Fact]
        public void A_residual_in_batch_mode_drops_the_body_of_every_sample_or_of_none()
        {
            var run = GeneratorHarness.Run(Residuals);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            using var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            var node = net.Graph.Nodes.Single(n => n.Args is StochasticDepthArgs);
            Assert.Equal(("b", StochasticDepthArgs.BatchMode, 0.5), (node.Path, node.ArgsAs<StochasticDepthArgs>()!.Mode, node.ArgsAs<StochasticDepthArgs>()!.P));

            using var scope = NewDisposeScope();
            var sd = net.state_dict();
            var x = randn(Batch, 2, 4, 4);
            var body = nn.functional.conv2d(x, sd["b.conv.weight"], sd["b.conv.bias"], padding: new long[] { 1, 1 });
            net.train();
            random.manual_seed(6);
            var seen = new System.Collections.Generic.HashSet<bool>();
            for (int t = 0; t < 40; t++)
            {
                using var y = net.forward(x).detach();
                bool dropped = y.allclose(x, rtol: 1e-5, atol: 1e-6);
                Assert.True(dropped || y.allclose(x.add(body, alpha: Two), rtol: 1e-4, atol: 1e-5), $"trial {t}: neither x nor x + 2·body for the whole batch");
                seen.Add(dropped);
            }
            Assert.Equal(2, seen.Count);
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(x.add(body, alpha: Scalars.One), rtol: 1e-4, atol: 1e-5));
        }

        [Fact]
        public void An_unknown_mode_is_ND0013_at_Mode()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x4x4"")]
public partial class Net { [StochasticDepth(0.2, Mode = /*ND0013*/""column"")] Layer d; }");
            Assert.Equal("d: StochasticDepth's mode is \"row\" or \"batch\", got \"column\"; write Mode = \"row\" (one draw per sample) or \"batch\" (one for the batch).", message);
            Assert.Equal("\"column\"", span);
        }

        [Fact]
        public void An_unknown_residual_mode_is_ND0013_at_StochasticDepthMode()
        {
            var (message, span) = GeneratorHarness.SingleDiagnosticInBlock(Head + @"
[Block, Residual(StochasticDepth = 0.2, StochasticDepthMode = /*ND0013*/""Batch"")]
public partial class B { [Conv(""C"", 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x4x4"")]
public partial class Net { [Use(typeof(B))] Layer b; }", "Use(typeof(B))");
            Assert.Equal("b: StochasticDepth's mode is \"row\" or \"batch\", got \"Batch\"; write Mode = \"row\" (one draw per sample) or \"batch\" (one for the batch).", message);
            Assert.Equal("\"Batch\"", span);
        }
    }
}
