using System.Linq;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// Training mode at each model's small input (batch 2, built with entry.Create(small)): forward, the task's
    /// loss on random targets (GoogLeNet: main loss plus its auxiliary heads' weighted losses, through
    /// ForwardTraining), backward; every parameter learns. See <see cref="ZooFixture"/>.
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class GradientTests
    {
        readonly ZooFixture zoo;
        public GradientTests(ZooFixture zoo) { this.zoo = zoo; }

        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void Backward_GivesEveryParameterAFiniteNonZeroGradient(string model)
        {
            var run = zoo.Small(model);

            Assert.Equal(Zoo.Batch(2, Zoo.Row(model).SmallOutput), run.TrainingOutput);
            Assert.True(double.IsFinite(run.Loss), $"{model}: loss is {run.Loss}");
            Assert.True(run.ParameterTensors > 0);
            Assert.True(run.NoGradient.Count == 0, $"{model}: no gradient for {string.Join(", ", run.NoGradient)}");
            Assert.True(run.WrongGradientShape.Count == 0, $"{model}: gradient shape differs from the parameter's for {string.Join(", ", run.WrongGradientShape)}");
            Assert.True(run.NonFiniteGradient.Count == 0, $"{model}: non-finite gradient for {string.Join(", ", run.NonFiniteGradient)}");
            var zero = WithoutDroppedBlocks(model, run.ZeroGradient);
            Assert.True(zero.Count == 0, $"{model}: all-zero gradient for {string.Join(", ", zero)}");

            // Training mode updated the BatchNorm statistics (a buffer that torchvision also has) once.
            var notOnce = run.BatchesTracked.Where(b => b.Value != 1).Select(b => $"{b.Key} = {b.Value}").ToList();
            Assert.True(notOnce.Count == 0, $"{model}: num_batches_tracked after one step: {string.Join(", ", notOnce)}");
        }

        /// <summary>
        /// A block with stochastic depth (a StochasticDepth row at its path) may drop both samples of the batch in training:
        /// then every parameter under it, and only those, has a zero gradient. Those are removed; a partly zero block, or
        /// every such block dropped at once, is left for the assertion.
        /// </summary>
        System.Collections.Generic.List<string> WithoutDroppedBlocks(string model, System.Collections.Generic.IReadOnlyList<string> zero)
        {
            var facts = zoo.Facts(model);
            var blocks = facts.Summary.Where(r => r.Kind == "StochasticDepth").Select(r => r.Path + ".").Distinct().ToList();
            var zeroSet = zero.ToHashSet();
            var dropped = blocks.Where(b => facts.ParameterKeys.Where(k => k.StartsWith(b, System.StringComparison.Ordinal)).All(zeroSet.Contains)).ToList();
            if (dropped.Count == blocks.Count) return zero.ToList();
            return zero.Where(k => !dropped.Any(b => k.StartsWith(b, System.StringComparison.Ordinal))).ToList();
        }
    }
}
