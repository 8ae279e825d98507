using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class MixedPrecisionTests
    {
        static readonly TensorShape Gray16 = new TensorShape(1, 16, 16);

        static MixedNet Model(int seed)
        {
            random.manual_seed(seed);
            return new MixedNet();
        }

        /// <summary>Largest absolute difference relative to the largest absolute reference value.</summary>
        internal static double Relative(Tensor actual, Tensor expected)
        {
            using var scope = NewDisposeScope();
            return actual.sub(expected).abs().max().item<float>() / Math.Max(1e-12, expected.abs().max().item<float>());
        }

        [Fact]
        public void Bf16MixedComputesConvAndLinearInBf16FromFp32WeightsAndReturnsFp32()
        {
            using var model = Model(1);
            using var x = randn(4, 1, 16, 16);
            model.train();
            random.manual_seed(5);   // the same dropout mask in both forwards
            var reference = model.forward(x);
            reference.square().mean().backward();
            var fp32Grads = model.parameters().Select(p => p.grad!.clone()).ToList();
            model.zero_grad();

            model.Precision = Precision.Bf16Mixed;
            random.manual_seed(5);
            var mixed = model.forward(x);
            mixed.square().mean().backward();

            Assert.Equal(ScalarType.Float32, mixed.dtype);
            double rel = Relative(mixed, reference);
            Assert.InRange(rel, 1e-5, 3e-2);   // bf16 rounding is visible (so the cast happened) but small
            var parameters = model.parameters().ToList();
            for (int i = 0; i < parameters.Count; i++)
            {
                Assert.Equal(ScalarType.Float32, parameters[i].dtype);
                Assert.Equal(ScalarType.Float32, parameters[i].grad!.dtype);   // master weights and their gradients stay fp32
                if (fp32Grads[i].abs().max().item<float>() < 1e-6) continue;   // a conv bias right before BatchNorm: zero up to rounding
                using var cos = nn.functional.cosine_similarity(parameters[i].grad!.flatten(), fp32Grads[i].flatten(), dim: 0);
                Assert.True(cos.item<float>() > 0.98, $"gradient {i} points elsewhere in bf16: cosine {cos.item<float>()}");
            }
            // BatchNorm statistics stay fp32 (updated from bf16 activations).
            foreach (var (name, buffer) in model.named_buffers()) if (buffer.is_floating_point()) Assert.Equal(ScalarType.Float32, buffer.dtype);
        }

        [Fact]
        public void DepthwiseConvolutionsStayFp32UnderBf16MixedOnTheCpu()
        {
            using var scope = NewDisposeScope();
            random.manual_seed(11);
            var depthwise = nn.Conv2d(16, 16, 3, padding: 1, groups: 16);
            var grouped = nn.Conv2d(16, 16, 3, padding: 1, groups: 4);
            var x = randn(2, 16, 6, 6);
            Tensor expected;
            using (no_grad()) expected = depthwise.forward(x);
            using (Compute.Use(ComputeMode.For(Precision.Bf16Mixed)))
            {
                var y = Compute.Conv(depthwise, x.to(ScalarType.BFloat16));   // a bf16 activation arrives
                Assert.Equal(ScalarType.Float32, y.dtype);
                Assert.True(Relative(y.detach(), expected) < 1e-2);   // only the input's bf16 rounding
                Assert.Equal(0, Relative(Compute.Conv(depthwise, x).detach(), expected), 6);   // fp32 in, exactly fp32's
                // Other grouped convolutions follow the mode: bf16 compute (its rounding shows), handed on in fp32.
                var g = Compute.Conv(grouped, x).detach();
                Assert.Equal(ScalarType.Float32, g.dtype);
                using (no_grad()) Assert.InRange(Relative(g, grouped.forward(x)), 1e-5, 3e-2);
            }
            using (Compute.Use(new ComputeMode(ScalarType.BFloat16)))   // autocast's rule: bf16 handed on
                Assert.Equal(ScalarType.BFloat16, Compute.Conv(grouped, x).dtype);
        }

        /// <summary>
        /// bf16-mixed computes conv and linear layers in bf16 and hands their outputs on in fp32, so BatchNorm, activations
        /// and residual adds run in fp32 (ComputeMode.For says why: ResNet-18's one-epoch run lost 2–6 points with them in
        /// bf16); a mode built without that flag is autocast's rule and hands bf16 on.
        /// </summary>
        [Fact]
        public void Bf16MixedHandsConvAndLinearOutputsOnInFp32()
        {
            using var scope = NewDisposeScope();
            random.manual_seed(12);
            var conv = nn.Conv2d(8, 16, 3, padding: 1);
            var linear = nn.Linear(32, 10);
            var x = randn(2, 8, 6, 6);
            var v = randn(4, 32);
            Tensor convFp32, linearFp32;
            using (no_grad()) (convFp32, linearFp32) = (conv.forward(x), linear.forward(v));
            Assert.True(ComputeMode.For(Precision.Bf16Mixed)!.Fp32Between);
            using (Compute.Use(ComputeMode.For(Precision.Bf16Mixed)))
            {
                var (y, z) = (Compute.Conv(conv, x).detach(), Compute.Linear(linear, v).detach());
                Assert.Equal((ScalarType.Float32, ScalarType.Float32), (y.dtype, z.dtype));
                Assert.InRange(Relative(y, convFp32), 1e-5, 3e-2);   // computed in bf16: its rounding shows
                Assert.InRange(Relative(z, linearFp32), 1e-5, 3e-2);
            }
            using (Compute.Use(new ComputeMode(ScalarType.BFloat16)))
                Assert.Equal((ScalarType.BFloat16, ScalarType.BFloat16), (Compute.Conv(conv, x).dtype, Compute.Linear(linear, v).dtype));
        }

        /// <summary>
        /// Fp32Residual keeps only the residual stream in fp32: inside a block the layers hand bf16 on (autocast's rule),
        /// the add merge widens the sum, so a block's output is fp32 where autocast's rule leaves it bf16, with bf16's
        /// rounding in it either way. (bf16-mixed does not use it: over eight seeds of ResNet-18's one-epoch card run it
        /// ended 0.847 on average against 0.857 with every output widened and 0.864 in fp32; README's numbers.)
        /// </summary>
        [Fact]
        public void Fp32ResidualWidensTheAddMergesAndNothingInsideTheBlock()
        {
            using var scope = NewDisposeScope();
            using var model = Model(12);
            var block = (nn.Module<Tensor, Tensor>)model.named_children().Single(c => c.name == "block").module;
            var x = randn(2, 8, 6, 6);
            Tensor fp32;
            using (no_grad()) fp32 = block.forward(x);
            var residual = new ComputeMode(ScalarType.BFloat16, fp32Residual: true);
            using (no_grad())
            using (Compute.Use(residual))
            {
                Assert.Equal(ScalarType.BFloat16, Compute.Conv((nn.Module<Tensor, Tensor>)block.named_children().Single(c => c.name == "conv1").module, x).dtype);
                var y = block.forward(x);
                Assert.Equal(ScalarType.Float32, y.dtype);
                Assert.InRange(Relative(y, fp32), 1e-5, 3e-2);
                var sum = Compute.Add(x.to(ScalarType.BFloat16), x, inPlace: true);   // widened, so never in place on a bf16 operand
                Assert.Equal(ScalarType.Float32, sum.dtype);
            }
            using (no_grad())
            using (Compute.Use(new ComputeMode(ScalarType.BFloat16)))
                Assert.Equal(ScalarType.BFloat16, block.forward(x).dtype);
            Assert.False(ComputeMode.For(Precision.Bf16Mixed)!.Fp32Residual);
        }

        [Fact]
        public void TheBf16InferencePathKeepsDepthwiseWeightsInFp32AndMatchesEval()
        {
            using var scope = NewDisposeScope();
            random.manual_seed(12);
            using var model = new TinyMapNet();
            model.eval();
            var x = randn(3, 4, 8, 8);
            Tensor expected;
            using (no_grad()) expected = model.forward(x);
            using var bf16 = model.ForInference(Precision.Bf16Mixed);
            Assert.True(Relative(bf16.forward(x), expected) < 3e-2);
        }

        [Fact]
        public void AScopeOverridesTheNetworksOwnPrecisionAndEndsWithIt()
        {
            using var model = Model(2);
            model.eval();
            using var x = randn(2, 1, 16, 16);
            using var _ = no_grad();
            var fp32 = model.forward(x);
            using (Compute.Use(ComputeMode.For(Precision.Bf16Mixed)))
                Assert.True(Relative(model.forward(x), fp32) > 1e-5);
            Assert.Equal(0, Relative(model.forward(x), fp32));
        }

        [Fact]
        public void TheInferencePathFoldsConvBatchNormPairsAndMatchesEvalOutput()
        {
            using var model = Model(3);
            using (var warm = randn(8, 1, 16, 16))   // running statistics away from 0/1
            {
                model.train();
                using var g = no_grad();
                using var held = new ScalarScope();
                for (int i = 0; i < 3; i++) model.forward(warm.mul(held[1 + i])).Dispose();
            }
            model.eval();
            using var x = randn(4, 1, 16, 16);
            Tensor expected;
            using (no_grad()) expected = model.forward(x);

            using var fp32 = model.ForInference();
            // conv1/bn1, block.conv1/bn1, block.conv2/bn2, down.0/down.1; mix→mixbn is not folded (mix is also added in).
            Assert.Equal(4, fp32.FoldedNorms);
            Assert.True(Relative(fp32.forward(x), expected) < 1e-5);
            Assert.False(fp32.forward(x).requires_grad);

            using var bf16 = model.ForInference(Precision.Bf16Mixed);
            var low = bf16.forward(x);
            Assert.Equal(ScalarType.Float32, low.dtype);
            Assert.True(Relative(low, expected) < 3e-2);

            // The network itself is untouched: its own parameters and eval output are as before.
            using (no_grad()) Assert.Equal(0, Relative(model.forward(x), expected));
        }


        [Fact]
        public void ABf16RunStoppedMidEpochResumesToBitIdenticalWeights()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 4, trainCount: 160, testCount: 32);
            var options = new TrainerOptions
            {
                Epochs = 2, BatchSize = 16, LearningRate = 0.01, Seed = 4, ModelName = "mixed", Device = CPU,
                Precision = Precision.Bf16Mixed, CheckpointEvery = 4,
            };
            using var straightDir = new TempFolder();
            using var straight = Model(9);
            var straightResult = new Trainer(straight, data, options with { OutDir = straightDir.Path }).Run();

            using var splitDir = new TempFolder();
            using (var first = Model(9))
                Assert.Throws<CrashAtStep>(() => new Trainer(first, data, options with { OutDir = splitDir.Path }).Run(new CrashAtStep(14)));
            using var resumed = Model(123);
            var resumedResult = new Trainer(resumed, data, options with { OutDir = splitDir.Path, Resume = true }).Run();

            var expected = straight.state_dict();
            foreach (var (key, value) in resumed.state_dict()) Assert.True(Tensors.Same(expected[key], value), $"{key} differs");
            Assert.Equal(straightResult.History[1].TrainLoss, resumedResult.History[1].TrainLoss);
            Assert.Equal(straightResult.Test.Metric, resumedResult.Test.Metric);
        }

        [Fact]
        public void AccumulatingTwoBatchesEqualsOneBatchOfTwiceTheSize()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 5, trainCount: 96, testCount: 32);
            var options = new TrainerOptions { Epochs = 1, LearningRate = 0.02, Seed = 5, Device = CPU, ClipNorm = 5.0 };
            random.manual_seed(7);
            using var large = new PlainNet();
            random.manual_seed(7);
            using var accumulated = new PlainNet();
            random.manual_seed(8);
            using var small = new PlainNet();   // other weights: the third run only shows the steps differ without accumulation

            var one = new Trainer(large, data, options with { BatchSize = 16 }).Run();
            var two = new Trainer(accumulated, data, options with { BatchSize = 8, Accumulate = 2 }).Run();
            var expected = large.state_dict();
            foreach (var (key, value) in accumulated.state_dict())
                Assert.True(value.allclose(expected[key], rtol: 1e-4, atol: 1e-6), $"{key}: accumulated 2 x 8 differs from batch 16");
            Assert.Equal(one.History[0].TrainLoss, two.History[0].TrainLoss, 4);

            random.manual_seed(7);
            using var unaccumulated = new PlainNet();
            new Trainer(unaccumulated, data, options with { BatchSize = 8 }).Run();
            Assert.Contains(unaccumulated.state_dict(), kv => !kv.Value.allclose(expected[kv.Key], rtol: 1e-4, atol: 1e-6));
        }

        [Fact]
        public void ABf16RunWithoutBf16HardwareSaysSoInItsResultAndToObservers()
        {
            // The CLI prints the warning; a C# caller of Fit reads it from the result (or an observer from the context).
            using var data = ShapesDataset.Load(Gray16, seed: 2, trainCount: 32, testCount: 16);
            using var model = Model(2);
            var options = new TrainerOptions { Epochs = 1, BatchSize = 16, Device = CPU, Precision = Precision.Bf16Mixed };
            IReadOnlyList<string>? seen = null;
            var result = model.Fit(data, options, new WarningsSeen(context => seen = context.Warnings));
            if (PrecisionSupport.CpuHasBf16 == true) Assert.Empty(result.Warnings);
            else Assert.Contains("bf16-mixed", Assert.Single(result.Warnings));
            Assert.Equal(result.Warnings, seen);

            using var plain = Model(2);
            Assert.Empty(plain.Fit(data, options with { Precision = Precision.Fp32 }).Warnings);
        }

        sealed class WarningsSeen(Action<TrainingContext> starting) : ITrainingObserver
        {
            public void TrainingStarting(TrainingContext run) => starting(run);
            public void EpochStarting(int epoch, int epochs, int steps, int skipped) { }
            public void StepFinished(StepProgress progress) { }
            public void EpochFinished(EpochMetrics metrics, int epochs) { }
        }

        [Fact]
        public void Fp16IsRefusedOnCpu()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 1, trainCount: 32, testCount: 16);
            using var model = Model(1);
            var options = new TrainerOptions { Epochs = 1, BatchSize = 16, Device = CPU, Precision = Precision.Fp16Mixed };
            var e = Assert.Throws<ArgumentException>(() => new Trainer(model, data, options).Run());
            Assert.Contains("CUDA", e.Message);
        }
    }
}
