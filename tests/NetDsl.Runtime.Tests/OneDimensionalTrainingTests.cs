using System;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A small 1-D classifier over CxL signals: Conv1d, BatchNorm1d, MaxPool1d, global pooling, Linear.</summary>
    [Network(Input = "1x64", Optimizer = "adamw", LearningRate = 0.003)]
    public partial class TinySignalNet(int classes = 3)
    {
        [Conv(8, 5, Padding = 2, Bias = false)]  Layer conv1;
        [BatchNorm, ReLU, MaxPool(2)]             Layer bn1;
        [Conv(16, 5, Padding = 2, Bias = false)] Layer conv2;
        [BatchNorm, ReLU, MaxPool(2)]             Layer bn2;
        [Conv(16, 5, Padding = 2, Bias = false)] Layer conv3;
        [BatchNorm, ReLU]                         Layer bn3;
        [GlobalAvgPool, Flatten]                  Layer pool;
        [Linear(nameof(classes))]                 Layer fc;
    }

    /// <summary>Training on [N, C, L] tensors: the trainer, loss and metrics need no image.</summary>
    public class OneDimensionalTrainingTests(ITestOutputHelper log)
    {
        /// <summary>
        /// Three classes of noisy 1x64 signals: sinusoids of 2, 5 and 11 cycles with a random phase and amplitude, plus
        /// Gaussian noise, so only the frequency tells them apart (no single value, no mean).
        /// </summary>
        static LabeledImages Signals(int count, int seed)
        {
            using var held = new ScalarScope();
            var g = new Generator(seed: (ulong)seed);
            var labels = arange(held[count], dtype: ScalarType.Int64).remainder(held[3L]);
            var cycles = tensor(new float[] { 2, 5, 11 }).index_select(0, labels).unsqueeze(1);
            var phase = rand(count, 1, generator: g).mul(held[2 * Math.PI]);
            var amplitude = rand(count, 1, generator: g).mul(held[0.5]).add(held[0.75], alpha: Scalars.One);
            var t = linspace(0, 1, 64).unsqueeze(0);
            var signal = amplitude.mul(cycles.mul(t).mul(held[2 * Math.PI]).add(phase, alpha: Scalars.One).sin());
            var x = signal.add(randn(count, 64, generator: g).mul(held[0.3]), alpha: Scalars.One).unsqueeze(1);
            return new LabeledImages(x, labels, TensorShape.Sequence(1, 64), new[] { "slow", "middle", "fast" });
        }

        [Fact]
        public void A_1d_network_learns_synthetic_signals_and_beats_chance()
        {
            using var data = new DataSplits("signals", Signals(300, 1), Signals(90, 2));
            random.manual_seed(5);
            using var model = new TinySignalNet();
            Assert.Equal("Conv1d", model.LayerRows[0].Kind);
            var task = new ClassificationTask();
            var before = Evaluator.Evaluate(model, new BatchLoader(data.Test, 45, false, 0), task, CPU, "test");
            var options = model.TrainingDefaults() with { Epochs = 4, BatchSize = 30, Seed = 5, Device = CPU };
            var result = new Trainer(model, data, options).Run();
            log.WriteLine($"1-D signals: test accuracy {before.Metric:F3} → {result.TestMetric:F3}, test loss {before.Loss:F3} → {result.Test.Loss:F3}");
            Assert.True(result.Test.Loss < before.Loss * 0.7, $"test loss {before.Loss:F3} → {result.Test.Loss:F3}");
            Assert.True(result.TestMetric > 0.6, $"accuracy {result.TestMetric:F3}, chance 0.333");

            // The inference path (Conv1d → BatchNorm1d folded) predicts what eval mode does.
            model.eval();
            using var scope = NewDisposeScope();
            var x = data.Test.Images.narrow(0, 0, 8);
            Tensor eval;
            using (no_grad()) eval = model.forward(x);
            using var inference = model.ForInference();
            Assert.Equal(3, inference.FoldedNorms);
            Assert.True(inference.forward(x).allclose(eval, rtol: 1e-4, atol: 1e-4));
        }

        [Fact]
        public void The_summary_json_writes_CxL_shapes_and_one_receptive_field_per_layer()
        {
            using var model = new TinySignalNet();
            string json = model.Summary().ToJson();
            Assert.Contains("\"input\":[1,64]", json);
            Assert.Contains("\"output\":[8,64]", json);
            Assert.Contains("\"receptiveField\":[5]", json);
            Assert.Contains("\"shape\":[8,1,5]", json);
            Assert.Contains("Conv1d", model.Summary().ToString());
        }
    }
}
