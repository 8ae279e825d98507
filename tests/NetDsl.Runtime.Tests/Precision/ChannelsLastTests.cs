using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Channels-last changes the storage only: the same outputs and gradients, and the layout carries through.</summary>
    public class ChannelsLastTests
    {
        [Fact]
        public void ChannelsLastStorageKeepsShapeAndValues()
        {
            using var x = randn(2, 3, 5, 4);
            using var last = MemoryLayout.ChannelsLast(x);
            Assert.Equal(x.shape, last.shape);
            Assert.True(MemoryLayout.IsChannelsLast(last));
            Assert.False(MemoryLayout.IsChannelsLast(x));
            Assert.Equal(new long[] { 60, 1, 12, 3 }, last.stride());
            Assert.True(last.allclose(x, rtol: 0, atol: 0));
        }

        [Fact]
        public void TrainingChannelsLastGivesTheSameOutputAndGradientsAsNchw()
        {
            random.manual_seed(4);
            using var model = new MixedNet();
            model.train();
            using var x = randn(4, 1, 16, 16);
            random.manual_seed(5);
            var reference = model.forward(x);
            reference.square().mean().backward();
            var grads = model.parameters().Select(p => p.grad!.clone()).ToList();
            model.zero_grad();

            random.manual_seed(5);
            Tensor last;
            using (Compute.Use(ComputeMode.For(Precision.Fp32, channelsLast: true)))
                last = model.forward(x);
            last.square().mean().backward();

            Assert.True(MixedPrecisionTests.Relative(last, reference) < 1e-5);
            var parameters = model.parameters().ToList();
            for (int i = 0; i < parameters.Count; i++)
            {
                if (grads[i].abs().max().item<float>() < 1e-6) continue;   // a conv bias right before BatchNorm: zero up to rounding
                double rel = MixedPrecisionTests.Relative(parameters[i].grad!, grads[i]);
                Assert.True(rel < 1e-4, $"gradient {i} differs channels-last: {rel}");
            }
        }

        [Fact]
        public void TheChannelsLastInferencePathMatchesEvalAndKeepsTheLayoutThroughTheNetwork()
        {
            random.manual_seed(6);
            using var model = new MixedNet();
            using (var warm = randn(8, 1, 16, 16)) { model.train(); model.forward(warm).Dispose(); }   // running statistics away from 0/1
            model.eval();
            using var x = randn(2, 1, 16, 16);
            using var _ = no_grad();
            using var reference = model.forward(x);
            using var inference = model.ForInference(Precision.Fp32, channelsLast: true);
            Assert.True(inference.FoldedNorms > 0);
            using var y = inference.forward(x);
            Assert.True(MixedPrecisionTests.Relative(y, reference) < 1e-5);

            // The layout survives conv → BatchNorm → ReLU → residual add inside a block: no reorder back to NCHW
            // (on a CPU whose kernels failed the probe, channels-last is not used at all: NCHW throughout).
            bool usable = MemoryLayout.UsableOn(TorchSharp.DeviceType.CPU);
            Assert.Equal(usable, inference.ChannelsLast);
            var block = (nn.Module<Tensor, Tensor>)model.named_children().Single(c => c.name == "block").module;
            using var map = MemoryLayout.ChannelsLast(randn(2, 8, 16, 16));
            using (Compute.Use(ComputeMode.For(Precision.Fp32, channelsLast: true)))
            using (var mapped = block.call(map))
                Assert.True(MemoryLayout.IsChannelsLast(mapped) == usable, usable ? "the block's output lost the channels-last layout" : "channels-last ran on a faulty CPU");
        }
    }
}
