using System;
using System.Linq;
using NetDsl.Runtime.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class OptimizerTests
    {
        static Sequential Model(int seed)
        {
            random.manual_seed(seed);
            return nn.Sequential(("0", nn.Linear(5, 4)), ("1", nn.ReLU()), ("2", nn.Linear(4, 3)));
        }

        /// <summary>Runs five steps of ours and TorchSharp's built-in optimizer on identical models and compares the weights.</summary>
        static void AssertMatchesTorch(Func<nn.Module, IOptimizer> ours, Func<Sequential, optim.Optimizer> theirs)
        {
            using var a = Model(1);
            using var b = Model(1);
            using var mine = ours(a);
            var reference = theirs(b);
            random.manual_seed(2);
            using var x = randn(8, 5);
            using var y = randint(0, 3, new long[] { 8 });
            for (int step = 0; step < 5; step++)
            {
                foreach (var m in new nn.Module<Tensor, Tensor>[] { a, b })
                {
                    m.zero_grad();
                    using var loss = nn.functional.cross_entropy(m.call(x), y);
                    loss.backward();
                }
                mine.Step();
                reference.step();
            }
            foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
                Assert.True(pa.allclose(pb, rtol: 1e-5, atol: 1e-6), $"{name} differs from TorchSharp's optimizer");
            Assert.Equal(5, mine.StepCount);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void SgdFollowsPyTorchsRule(bool nesterov) => AssertMatchesTorch(
            m => new MomentumSgd(m, 0.1, 0.9, 0.01, nesterov, exemptNormsAndBiases: false),
            m => optim.SGD(m.parameters(), 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: nesterov));

        [Fact]
        public void AdamWFollowsPyTorchsRule() => AssertMatchesTorch(
            m => new AdamWOptimizer(m, 0.01, 0.1, exemptNormsAndBiases: false),
            m => optim.AdamW(m.parameters(), 0.01, weight_decay: 0.1));

        /// <summary>
        /// LAMB written out as timm's <c>Lamb</c> states it (no shortcuts): m̂ = m/(1-β1ᵗ), v̂ = v/(1-β2ᵗ),
        /// u = m̂/(√v̂+ε) + wd·p; decayed parameters step by lr·(‖p‖/‖u‖)·u, the others (norms, biases) by lr·m̂/(√v̂+ε).
        /// </summary>
        static void ReferenceLambStep(Sequential model, System.Collections.Generic.Dictionary<string, (Tensor M, Tensor V)> moments, int t,
            double lr, double wd, double scaleOf2)
        {
            const double beta1 = 0.9, beta2 = 0.999, eps = 1e-6;
            using var noGrad = no_grad();
            foreach (var (name, p) in model.named_parameters())
            {
                using var held = new ScalarScope();
                var g = p.grad!;
                if (!moments.TryGetValue(name, out var mv)) moments[name] = mv = (zeros_like(p), zeros_like(p));
                mv.M.mul_(held[beta1]).add_(g.mul(held[1 - beta1]), alpha: Scalars.One);
                mv.V.mul_(held[beta2]).add_(g.mul(g).mul(held[1 - beta2]), alpha: Scalars.One);
                using var u = mv.M.div(held[1 - Math.Pow(beta1, t)])
                    .div(mv.V.div(held[1 - Math.Pow(beta2, t)]).sqrt().add(held[eps], alpha: Scalars.One));
                bool decays = p.dim() > 1;
                double rate = lr * (name.StartsWith("2.") ? scaleOf2 : 1);
                if (decays)
                {
                    u.add_(p.mul(held[wd]), alpha: Scalars.One);
                    double ratio = p.norm().item<float>() / u.norm().item<float>();
                    p.sub_(u.mul(held[rate * ratio]));
                }
                else p.sub_(u.mul(held[rate]));
            }
        }

        [Fact]
        public void LambFollowsTheWrittenOutRule()
        {
            using var a = Model(7);
            using var b = Model(7);
            using var lamb = new AdamWOptimizer(a, 0.05, 0.1, epsilon: 1e-6, scales: QuarterRateForLayer2, trustRatio: true);
            var moments = new System.Collections.Generic.Dictionary<string, (Tensor M, Tensor V)>();
            random.manual_seed(2);
            using var x = randn(8, 5);
            using var y = randint(0, 3, new long[] { 8 });
            for (int step = 1; step <= 5; step++)
            {
                foreach (var m in new[] { a, b })
                {
                    m.zero_grad();
                    using var loss = nn.functional.cross_entropy(m.call(x), y);
                    loss.backward();
                }
                lamb.Step();
                ReferenceLambStep(b, moments, step, 0.05, 0.1, 0.25);
            }
            Assert.Equal("lamb", lamb.Kind);
            foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
                Assert.True(pa.allclose(pb, rtol: 1e-5, atol: 1e-6), $"{name} differs from the written-out LAMB rule");
        }

        [Fact]
        public void LambMovesEveryWeightByTheSameFractionOfItsNormWhereAdamWGrowsWithWidth()
        {
            // A narrow and a 100x wider layer: AdamW's first step moves each weight by ~lr, so relative to the
            // weights' norm (∝ 1/√fan-in at init) the wide layer moves ~10x more; LAMB moves both by lr of their norm.
            double[] Relative(bool trustRatio)
            {
                random.manual_seed(11);
                using var model = nn.Sequential(("0", nn.Linear(8, 8)), ("1", nn.Linear(800, 8)));
                var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
                using var optimizer = new AdamWOptimizer(model, 1e-3, 0.0, epsilon: 1e-6, trustRatio: trustRatio);
                foreach (var p in model.parameters()) p.grad = randn_like(p);
                optimizer.Step();
                return new[] { "0.weight", "1.weight" }.Select(n =>
                {
                    var p = model.named_parameters().Single(q => q.name == n).parameter;
                    return (p - before[n]).norm().item<float>() / (double)before[n].norm().item<float>();
                }).ToArray();
            }
            double[] lamb = Relative(true), adamw = Relative(false);
            Assert.All(lamb, r => Assert.Equal(1e-3, r, 6));
            Assert.True(adamw[1] / adamw[0] > 5, $"AdamW's relative steps {adamw[0]:G3} (narrow) and {adamw[1]:G3} (wide) should differ by ~10x");
        }

        // Parameter groups: layer "2" at a quarter of the rate, against TorchSharp's own optimizers given two groups.
        static readonly LearningRateScales QuarterRateForLayer2 = LearningRateScales.Parse("2=0.25");

        static Parameter[] Under(Sequential m, string prefix, bool inside) =>
            m.named_parameters().Where(p => LearningRateScales.Covers(prefix, p.name) == inside).Select(p => p.parameter).ToArray();

        [Fact]
        public void AdamWScalesFollowPyTorchsParameterGroups() => AssertMatchesTorch(
            m => new AdamWOptimizer(m, 0.01, 0.1, exemptNormsAndBiases: false, scales: QuarterRateForLayer2),
            m => optim.AdamW(new[]
            {
                new AdamW.ParamGroup(Under(m, "2", false), lr: 0.01, weight_decay: 0.1),
                new AdamW.ParamGroup(Under(m, "2", true), lr: 0.0025, weight_decay: 0.1),
            }, 0.01));

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void SgdScalesFollowPyTorchsParameterGroups(bool nesterov) => AssertMatchesTorch(
            m => new MomentumSgd(m, 0.1, 0.9, 0.01, nesterov, exemptNormsAndBiases: false, scales: QuarterRateForLayer2),
            m => optim.SGD(new[]
            {
                new SGD.ParamGroup(Under(m, "2", false), lr: 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: nesterov),
                new SGD.ParamGroup(Under(m, "2", true), lr: 0.025, momentum: 0.9, weight_decay: 0.01, nesterov: nesterov),
            }, 0.1));

        [Fact]
        public void AZeroScaleFreezesItsGroupAndTheOthersMove()
        {
            using var model = Model(5);
            var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
            using var adamw = new AdamWOptimizer(model, 0.1, 0.5, scales: LearningRateScales.Parse("0=0"));
            foreach (var p in model.parameters()) p.grad = ones_like(p);
            adamw.Step();
            foreach (var (name, p) in model.named_parameters())
                Assert.True(name.StartsWith("0.") == p.allclose(before[name], rtol: 0, atol: 0), $"{name}: {(name.StartsWith("0.") ? "scale 0 should leave it" : "should move")}");
        }

        [Fact]
        public void AScalePrefixThatCoversNoParameterIsRefusedByName()
        {
            using var model = Model(6);
            var e = Assert.Throws<ArgumentException>(() => new MomentumSgd(model, 0.1, 0.9, 0, scales: LearningRateScales.Parse("classifier=0.1, 2=0.5")));
            Assert.Contains("'classifier'", e.Message);
            Assert.DoesNotContain("'2'", e.Message);
            Assert.Contains("top-level modules are 0, 2", e.Message);
        }

        [Fact]
        public void NormsAndBiasesAreExemptFromWeightDecayByDefault()
        {
            using var model = Model(3);
            var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
            using var adamw = new AdamWOptimizer(model, 0.1, 0.5);
            using var held = new ScalarScope();
            foreach (var p in model.parameters()) p.grad = zeros_like(p);
            adamw.Step(); // zero gradients: only the decay moves anything
            foreach (var (name, p) in model.named_parameters())
            {
                using var expected = p.dim() > 1 ? before[name].mul(held[1 - 0.1 * 0.5]) : before[name].clone();
                Assert.True(p.allclose(expected, rtol: 1e-6, atol: 1e-7), $"{name}: {(p.dim() > 1 ? "should decay" : "should be exempt")}");
            }
        }

        [Fact]
        public void ClippingBoundsTheGlobalGradientNorm()
        {
            using var model = Model(4);
            using var held = new ScalarScope();
            foreach (var p in model.parameters()) p.grad = full_like(p, held[3.0f]);
            double before = GradientClipping.ClipGlobalNorm(model.parameters(), 1.0);
            double after = Math.Sqrt(model.parameters().Sum(p => p.grad!.square().sum().item<float>()));
            Assert.True(before > 10, $"norm before {before}");
            Assert.Equal(1.0, after, 3);
            Assert.Equal(1.0, GradientClipping.ClipGlobalNorm(model.parameters(), 5.0), 3); // under the bound: untouched
        }

        [Fact]
        public void StepScheduleDropsTenfoldAtHalfAndThreeQuarters()
        {
            var s = new StepSchedule(0.1, totalSteps: 100, warmupSteps: 0);
            Assert.Equal(0.1, s.At(49), 12);
            Assert.Equal(0.01, s.At(50), 12);
            Assert.Equal(0.001, s.At(75), 12);
        }

        [Fact]
        public void OneCycleRisesToTheMaximumThenAnnealsFarBelowTheStart()
        {
            var s = new OneCycleSchedule(0.1, totalSteps: 100);
            double peak = Enumerable.Range(0, 100).Max(i => s.At(i));
            Assert.Equal(0.1, peak, 6);
            Assert.Equal(0.1 / 25, s.At(0), 6);
            Assert.True(s.At(99) < 1e-5, $"final rate {s.At(99)}");
            int argmax = Enumerable.Range(0, 100).OrderByDescending(i => s.At(i)).First();
            Assert.InRange(argmax, 25, 32);
        }

        [Fact]
        public void LabelSmoothingRaisesTheLossOfConfidentCorrectPredictions()
        {
            using var logits = tensor(new float[] { 10, 0, 0, 0, 10, 0 }, new long[] { 2, 3 });
            using var labels = tensor(new long[] { 0, 1 });
            using var plain = new ClassificationTask().Loss(logits, logits, labels);
            using var smooth = new ClassificationTask(0.1).Loss(logits, logits, labels);
            Assert.True(smooth.item<float>() > plain.item<float>() + 0.1f);
        }
    }
}
