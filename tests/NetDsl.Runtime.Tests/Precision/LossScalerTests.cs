using System;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class LossScalerTests
    {
        [Fact]
        public void OverflowSkipsTheStepAndHalvesTheScaleFiniteRunsGrowIt()
        {
            using var held = new ScalarScope();
            var scaler = new LossScaler(initialScale: 1024, growthInterval: 3);
            using var w = ones(3).requires_grad_();
            using (var loss = scaler.ScaleLoss(w.mul(held[2L]).sum())) loss.backward();
            Assert.True(scaler.Unscale(new[] { w }));
            Assert.Equal(new[] { 2f, 2f, 2f }, w.grad!.data<float>().ToArray());   // scaled by 1024 in backward, divided back

            scaler.Update(true);
            scaler.Update(true);
            Assert.Equal(1024, scaler.Scale);
            scaler.Update(true);                       // third finite step in a row: grows
            Assert.Equal(2048, scaler.Scale);
            Assert.Equal(0, scaler.GoodSteps);

            w.grad!.fill_(held[float.PositiveInfinity]);
            Assert.False(scaler.Unscale(new[] { w }));
            scaler.Update(false);
            Assert.Equal(1024, scaler.Scale);
            Assert.Equal(1, scaler.SkippedSteps);

            w.grad!.fill_(held[float.NaN]);
            Assert.False(scaler.Unscale(new[] { w }));
        }

        [Fact]
        public void ARestoredStateGoesOnAsTheUninterruptedScalerDoes()
        {
            var whole = new LossScaler(initialScale: 512, growthInterval: 4);
            foreach (bool finite in new[] { true, false, true, true }) whole.Update(finite);
            var resumed = new LossScaler(growthInterval: 4);   // the same settings, at the scale a fresh run starts with
            resumed.Restore(whole.State);
            Assert.Equal(new LossScaleState(256, 2, 1), resumed.State);
            // Two more finite steps finish the interval in both; a fresh scaler would still be at 65536.
            foreach (var s in new[] { whole, resumed }) { s.Update(true); s.Update(true); }
            Assert.Equal(whole.State, resumed.State);
            Assert.Equal(512, resumed.Scale);
            Assert.Throws<ArgumentException>(() => resumed.Restore(new LossScaleState(double.NaN, 0, 0)));
            Assert.Throws<ArgumentException>(() => resumed.Restore(new LossScaleState(8, -1, 0)));
        }

        [Fact]
        public void NonsensicalSettingsAreRefused()
        {
            Assert.Throws<ArgumentException>(() => new LossScaler(initialScale: 0));
            Assert.Throws<ArgumentException>(() => new LossScaler(growthFactor: 1));
            Assert.Throws<ArgumentException>(() => new LossScaler(backoffFactor: 1));
        }
    }
}
