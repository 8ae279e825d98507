using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// What a service relies on: <c>Predict</c> from several threads on one model answers as eval mode does and leaves the
    /// model as it was, a <c>ForInference</c> prepare+dispose cycle frees what it made, and <c>TopClasses</c> never presents
    /// NaN as a probability nor fails on an empty batch.
    /// </summary>
    public class ServingTests
    {
        const int Threads = 8, CallsPerThread = 40;

        /// <summary>A TinyCnn whose BatchNorm running statistics are away from 0/1, so eval- and training-mode answers differ.</summary>
        static TinyCnn Warmed(int seed)
        {
            random.manual_seed(seed);
            var model = new TinyCnn(3, 16);
            model.train();
            using var warm = randn(8, 3, 16, 16);
            using (no_grad()) model.forward(warm).Dispose();
            return model;
        }

        static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
            model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

        /// <summary>Runs <see cref="Threads"/> × <see cref="CallsPerThread"/> Predicts of <paramref name="x"/> at once; (matching, wrong, exceptions).</summary>
        static (int Same, int Wrong, int Failed, string? FirstError) Race(TinyCnn model, Tensor x, Tensor expected)
        {
            int same = 0, wrong = 0, failed = 0;
            string? first = null;
            using var start = new Barrier(Threads);
            var workers = Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < CallsPerThread; i++)
                {
                    try
                    {
                        using var y = model.Predict(x);
                        if (y.allclose(expected, rtol: 1e-5, atol: 1e-6)) Interlocked.Increment(ref same);
                        else Interlocked.Increment(ref wrong);
                    }
                    catch (Exception e)
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref first, e.Message, null);
                    }
                }
            }, TaskCreationOptions.LongRunning)).ToArray();
            Task.WaitAll(workers);
            return (same, wrong, failed, first);
        }

        /// <summary>Every raced call gives <paramref name="expected"/>; afterwards every module is in <paramref name="training"/> mode and the state dict is as before.</summary>
        static void RaceAnswersInEvalModeAndLeavesTheModel(TinyCnn model, Tensor x, Tensor expected, bool training)
        {
            var before = Snapshot(model);
            var (same, wrong, failed, first) = Race(model, x, expected);
            Assert.True(wrong == 0 && failed == 0, $"{same} eval answers, {wrong} wrong, {failed} exceptions (first: {first})");
            Assert.Equal(Threads * CallsPerThread, same);
            Assert.Equal(training, model.training);
            Assert.All(model.named_modules(), m => Assert.True(m.module.training == training, m.name));
            var after = model.state_dict();
            foreach (var (key, value) in before)
            {
                using var unchanged = value.eq(after[key]).all();
                Assert.True(unchanged.item<bool>(), $"{key} changed");
            }
            foreach (var t in before.Values) t.Dispose();
        }

        [Fact]
        public void Predict_from_eight_threads_on_a_training_mode_model_answers_in_eval_mode_and_leaves_it_as_it_was()
        {
            using var model = Warmed(21);
            using var x = randn(2, 3, 16, 16);
            Tensor training;
            using (no_grad()) training = model.forward(x);   // (a training-mode forward moves the running statistics: before the eval answer)
            model.eval();
            using var expected = model.Predict(x);
            model.train();
            Assert.False(training.allclose(expected, rtol: 1e-3, atol: 1e-3));   // a call run in training mode would show
            training.Dispose();
            RaceAnswersInEvalModeAndLeavesTheModel(model, x, expected, training: true);
        }

        [Fact]
        public void Predict_from_eight_threads_on_an_eval_mode_model_leaves_its_flags_alone()
        {
            using var model = Warmed(22);
            using var x = randn(2, 3, 16, 16);
            model.eval();
            using var expected = model.Predict(x);
            RaceAnswersInEvalModeAndLeavesTheModel(model, x, expected, training: false);
        }

        [Fact]
        public void Predict_restores_each_modules_own_mode()
        {
            using var model = Warmed(23);
            using var x = randn(1, 3, 16, 16);
            var bn2 = model.named_modules().Single(m => m.name == "bn2").module;
            bn2.eval();   // the rest trains
            model.Predict(x).Dispose();
            Assert.True(model.training);
            Assert.False(bn2.training);
            Assert.All(model.named_modules().Where(m => m.name != "bn2"), m => Assert.True(m.module.training, m.name));
        }

        /// <summary>
        /// Before the fix each cycle left the folded weights (2 per conv/BatchNorm pair) and the linear layer's detached weight
        /// and bias handles alive: 42 tensors a cycle for ResNet-18, 11 for MixedNet (4 folded pairs × 2, the linear weight and bias,
        /// the unfolded tapped convolution's weight; measured with the old code path).
        /// </summary>
        [Theory]
        [InlineData(Precision.Fp32, false)]
        [InlineData(Precision.Fp32, true)]
        [InlineData(Precision.Bf16Mixed, false)]
        [InlineData(Precision.Bf16Mixed, true)]
        public void ForInference_and_Dispose_return_the_live_tensor_count_to_where_it_was(Precision precision, bool channelsLast)
        {
            random.manual_seed(24);
            using var model = new MixedNet();
            using var x = randn(2, 1, 16, 16);
            var stats = DisposeScopeManager.Statistics;
            using (var warm = model.ForInference(precision, channelsLast)) warm.forward(x).Dispose();   // lazily made state, once
            long before = stats.ThreadTotalLiveCount;
            for (int i = 0; i < 5; i++)
            {
                using var inference = model.ForInference(precision, channelsLast);
                Assert.Equal(4, inference.FoldedNorms);
                inference.forward(x).Dispose();
            }
            Assert.Equal(before, stats.ThreadTotalLiveCount);
        }

        [Fact]
        public void TopClasses_of_an_empty_batch_is_empty()
        {
            using var logits = zeros(0, 6);
            Assert.Empty(Prediction.TopClasses(logits));
            using var model = Warmed(25);
            using var empty = zeros(0, 3, 16, 16);
            using var none = model.Predict(empty);
            Assert.Equal(new long[] { 0, 6 }, none.shape);
            Assert.Empty(Prediction.TopClasses(none, top: 3));
        }

        [Fact]
        public void TopClasses_refuses_NaN_logits_naming_the_row_and_the_cause()
        {
            using var logits = tensor(new float[] { 1, 2, 3, float.NaN, 0, 0, float.PositiveInfinity, 0, 1 }, new long[] { 3, 3 });
            var e = Assert.Throws<ArgumentException>(() => Prediction.TopClasses(logits));
            Assert.StartsWith("TopClasses: logits row 1 gives NaN probabilities (its logits hold NaN or +infinity): the input or the model produced NaN", e.Message);
            using var infinite = logits.narrow(0, 2, 1);
            e = Assert.Throws<ArgumentException>(() => Prediction.TopClasses(infinite));
            Assert.StartsWith("TopClasses: logits row 0 gives NaN probabilities", e.Message);
            using var finite = logits.narrow(0, 0, 1);
            Assert.Equal(2, Prediction.TopClasses(finite, top: 1)[0][0].Index);

            // A NaN input gives NaN logits (Predict answers them as computed); TopClasses does not present them as classes.
            using var model = Warmed(26);
            model.eval();
            using var nan = tensor(Enumerable.Repeat(float.NaN, 3 * 16 * 16).ToArray(), new long[] { 1, 3, 16, 16 });
            using var output = model.Predict(nan);
            Assert.True(output.isnan().any().item<bool>());
            Assert.Throws<ArgumentException>(() => Prediction.TopClasses(output));
        }

        [Fact]
        public void Classify_names_the_image_a_model_answers_with_NaN()
        {
            using var dir = new TempFolder();
            string good = dir.File("good.png");
            DataTestFiles.WritePng(good, DataTestFiles.Pattern(16, 16, 3, 1), 16, 16, 3);
            using var model = Warmed(27);
            model.eval();
            Assert.Single(model.Classify(new[] { good }, top: 2));
            var bias = model.named_parameters().Single(p => p.name == "fc.bias").parameter;
            using (no_grad()) bias.copy_(tensor(Enumerable.Repeat(float.NaN, (int)bias.shape[0]).ToArray()));
            var e = Assert.Throws<InvalidOperationException>(() => model.Classify(new[] { good }));
            Assert.StartsWith($"{good}: the model's output for this image holds NaN (or +infinity), so it has no class: the model produced NaN", e.Message);
        }
    }
}
