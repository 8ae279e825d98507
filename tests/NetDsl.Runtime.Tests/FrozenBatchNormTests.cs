using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using NetDsl.Weights;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>FineTuning.LoadBackbone(…, freeze: true)</c> keeps the backbone's BatchNorm layers in inference mode, as Keras's
    /// <c>trainable=False</c> and timm's frozen BatchNorm do: through the trainer's <c>train()</c> every epoch and a resume,
    /// their statistics stay bit for bit the file's while the head trains.
    /// </summary>
    public sealed class FrozenBatchNormTests : System.IDisposable
    {
        readonly TempFolder dir = new TempFolder();
        public void Dispose() => dir.Dispose();

        static DataSplits Shapes() => ShapesDataset.Load(new TensorShape(3, 16, 16), seed: 3, trainCount: 48, testCount: 8);

        static TrainerOptions Options(int epochs) => new TrainerOptions { Epochs = epochs, BatchSize = 8, LearningRate = 0.01, Device = CPU };

        string Pretrained()
        {
            string path = dir.File("backbone.safetensors");
            random.manual_seed(1);
            using var source = new TinyCnn(3, 16);
            using (var data = Shapes()) source.Fit(data, Options(1));   // statistics of its own, not the fresh 0 and 1
            WeightLoader.Save(source, path);
            return path;
        }

        static Dictionary<string, Tensor> Statistics(nn.Module model) =>
            model.named_modules().Where(m => m.module is BatchNorm).SelectMany(m => new[]
            {
                (m.name + ".running_mean", ((BatchNorm)m.module).running_mean!),
                (m.name + ".running_var", ((BatchNorm)m.module).running_var!),
                (m.name + ".num_batches_tracked", ((BatchNorm)m.module).num_batches_tracked!),
            }).ToDictionary(p => p.Item1, p => p.Item2.detach().clone());

        [Fact]
        public void Freeze_KeepsEveryBackboneBatchNormsStatistics_ThroughTrainingAndAResume_WhileTheHeadLearns()
        {
            string weights = Pretrained();
            random.manual_seed(2);
            using var net = new TinyCnn(3, 16);
            var report = FineTuning.LoadBackbone(net, weights, freeze: true);
            Assert.Equal(new[] { "bn1", "bn2", "bn3" }, report.FrozenBatchNorms);
            Assert.EndsWith("and the statistics of 3 BatchNorm layers", report.Describe());
            Assert.All(net.named_modules().Where(m => m.module is BatchNorm), m => Assert.True(FrozenBatchNorm.IsFrozen(m.module)));
            var before = Statistics(net);
            var head = net.named_parameters().Where(p => p.name.StartsWith("fc.", System.StringComparison.Ordinal)).ToDictionary(p => p.name, p => p.parameter.detach().clone());

            string run = dir.File("run");
            using (var data = Shapes())
            {
                var result = net.Fit(data, Options(4) with { OutDir = run });
                Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss,
                    string.Join(", ", result.History.Select(h => h.TrainLoss)));
                // A resumed trainer on the same model keeps them frozen too.
                net.Fit(data, Options(6) with { OutDir = run, Resume = true });
            }
            var after = Statistics(net);
            Assert.Equal(before.Keys, after.Keys);
            Assert.All(before, b => Assert.True(Tensors.Same(b.Value, after[b.Key]), b.Key + " moved"));
            Assert.All(head, h => Assert.False(Tensors.Same(h.Value, net.get_parameter(h.Key)!), h.Key + " did not train"));
            Assert.True(net.training);   // the network itself still says train(); only the frozen layers run as in eval()
        }

        [Fact]
        public void FreezeBatchNormFalse_LetsTheStatisticsAdapt_AndUnfreezeReleasesALayer()
        {
            string weights = Pretrained();
            using var net = new TinyCnn(3, 16);
            var report = FineTuning.LoadBackbone(net, weights, freeze: true, freezeBatchNorm: false);
            Assert.Empty(report.FrozenBatchNorms);
            Assert.NotEmpty(report.Frozen);
            var before = Statistics(net);
            using (var data = Shapes()) net.Fit(data, Options(1));
            Assert.False(Tensors.Same(before["bn1.running_mean"], Statistics(net)["bn1.running_mean"]));

            using var other = new TinyCnn(3, 16);
            FineTuning.LoadBackbone(other, weights, freeze: true);
            var bn1 = other.named_modules().Single(m => m.name == "bn1").module;
            FrozenBatchNorm.Unfreeze(bn1);
            Assert.False(FrozenBatchNorm.IsFrozen(bn1));
            before = Statistics(other);
            other.train();
            using (no_grad()) other.call(randn(4, 3, 16, 16));
            var after = Statistics(other);
            Assert.False(Tensors.Same(before["bn1.running_mean"], after["bn1.running_mean"]));
            Assert.True(Tensors.Same(before["bn2.running_mean"], after["bn2.running_mean"]));
            Assert.True(Tensors.Same(before["bn2.num_batches_tracked"], after["bn2.num_batches_tracked"]));
        }
    }
}
