using System;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>Compute.BatchNorm</c> runs TorchSharp's BatchNorm layers without the Scalars their own forward drops; it must keep
    /// torch's semantics: batch statistics in training, the running averages (momentum, or a cumulative average when momentum
    /// is null), the batch count, the running statistics in eval, and the input-rank check.
    /// </summary>
    public class BatchNormStepTests
    {
        [Fact]
        public void Training_NormalisesByTheBatch_AndUpdatesTheRunningAveragesAndTheCount()
        {
            using var scope = NewDisposeScope();
            random.manual_seed(1);
            using var bn = nn.BatchNorm2d(3);
            var first = randn(4, 3, 5, 5).mul_(Two).add_(One, alpha: One);
            var second = randn(4, 3, 5, 5);
            bn.train();
            var y = Compute.BatchNorm(bn, first);
            Compute.BatchNorm(bn, second);

            var mean = first.mean(new long[] { 0, 2, 3 }, keepdim: true);
            var biased = first.var(new long[] { 0, 2, 3 }, unbiased: false, keepdim: true);
            var expected = first.sub(mean).div(biased.add(Epsilon, alpha: One).sqrt());   // weight 1, bias 0 at start
            Assert.True(y.allclose(expected, rtol: 1e-4, atol: 1e-5));
            Assert.Equal(2L, bn.num_batches_tracked!.item<long>());
            var runningMean = first.mean(new long[] { 0, 2, 3 }).mul(Tenth).mul(NineTenths).add(second.mean(new long[] { 0, 2, 3 }).mul(Tenth), alpha: One);
            Assert.True(bn.running_mean!.allclose(runningMean, rtol: 1e-4, atol: 1e-6));
        }

        [Fact]
        public void WithoutMomentum_TheRunningMeanIsTheCumulativeAverage()
        {
            using var scope = NewDisposeScope();
            random.manual_seed(2);
            using var bn = nn.BatchNorm1d(2);
            bn.momentum = null;
            var batches = new[] { randn(6, 2), randn(6, 2).add_(Two, alpha: One), randn(6, 2) };
            bn.train();
            foreach (var batch in batches) Compute.BatchNorm(bn, batch);
            var average = stack(Array.ConvertAll(batches, b => b.mean(new long[] { 0 }))).mean(new long[] { 0 });
            Assert.True(bn.running_mean!.allclose(average, rtol: 1e-4, atol: 1e-6));
            Assert.Equal(3L, bn.num_batches_tracked!.item<long>());
        }

        [Fact]
        public void Eval_UsesTheRunningStatistics_AndLeavesThemAndTheCountAlone()
        {
            using var scope = NewDisposeScope();
            using var bn = nn.BatchNorm2d(2);
            bn.running_mean!.fill_(One);
            bn.running_var!.fill_(Four);
            bn.eval();
            var x = randn(3, 2, 4, 4);
            var y = Compute.BatchNorm(bn, x);
            Assert.True(y.allclose(x.sub(One).div(Two), rtol: 1e-3, atol: 1e-4));   // (x − 1) / √(4 + ε)
            Assert.Equal(0L, bn.num_batches_tracked!.item<long>());
            Assert.True(bn.running_mean!.eq(One).all().item<bool>());
        }

        [Fact]
        public void AnInputOfTheWrongRank_IsRefusedAsTorchSharpRefusesIt()
        {
            using var bn = nn.BatchNorm2d(3);
            using var x = randn(2, 3, 4);
            Assert.Equal("expected 4D input, but got 3D input.", Assert.Throws<ArgumentException>(() => Compute.BatchNorm(bn, x)).Message);
        }

        static readonly TorchSharp.Scalar One = 1.0.ToScalar(), Two = 2.0.ToScalar(), Four = 4.0.ToScalar(),
            Tenth = 0.1.ToScalar(), NineTenths = 0.9.ToScalar(), Epsilon = 1e-5.ToScalar();
    }
}
