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
            var scaler = new LossScaler(initialScale: 1024, growthInterval: 3);
            using var w = ones(3).requires_grad_();
            using (var loss = scaler.ScaleLoss(w.mul(2).sum())) loss.backward();
            Assert.True(scaler.Unscale(new[] { w }));
            Assert.Equal(new[] { 2f, 2f, 2f }, w.grad!.data<float>().ToArray());   // scaled by 1024 in backward, divided back

            scaler.Update(true);
            scaler.Update(true);
            Assert.Equal(1024, scaler.Scale);
            scaler.Update(true);                       // third finite step in a row: grows
            Assert.Equal(2048, scaler.Scale);
            Assert.Equal(0, scaler.GoodSteps);

            w.grad!.fill_(float.PositiveInfinity);
            Assert.False(scaler.Unscale(new[] { w }));
            scaler.Update(false);
            Assert.Equal(1024, scaler.Scale);
            Assert.Equal(1, scaler.SkippedSteps);

            w.grad!.fill_(float.NaN);
            Assert.False(scaler.Unscale(new[] { w }));
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
