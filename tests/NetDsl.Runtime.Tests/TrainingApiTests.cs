using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>The C# training API: callbacks that stop and add metrics, a custom loss, TensorBoard, per-step logs, Fit/Predict.</summary>
    public sealed class TrainingApiTests : IDisposable
    {
        readonly TempFolder dir = new TempFolder();
        public void Dispose() => dir.Dispose();

        static DataSplits Shapes(int train = 256, int test = 64) => ShapesDataset.Load(new TensorShape(3, 16, 16), seed: 4, trainCount: train, testCount: test);

        static ApiNet Net()
        {
            random.manual_seed(4);
            return new ApiNet();
        }

        sealed class StopAfter(long steps) : TrainingCallback
        {
            public List<(long Step, double Loss, long Batch, string Optimizer, bool ModelIsTraining)> Seen { get; } = new();

            public override void BatchFinished(BatchContext batch)
            {
                Seen.Add((batch.Run.GlobalStep, batch.LossValue, batch.Images.shape[0], batch.Run.Optimizer.Kind, batch.Run.Model.training));
                if (batch.Run.GlobalStep >= steps) batch.Run.Stop($"stopped after {steps} steps");
            }
        }

        [Fact]
        public void AStopTokenCancelledBeforeTheRun_TrainsNothing_AndAResumedCheckpointStaysAsItWas()
        {
            using var data = Shapes(train: 64, test: 32);
            using var net = Net();
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();
            var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            var seen = new StopAfter(long.MaxValue);
            var options = net.TrainingDefaults() with { Epochs = 1, BatchSize = 32, Device = CPU, Stop = cancelled.Token };

            var e = Assert.Throws<TrainingStoppedException>(() => new Trainer(net, data, options).Run(seen));
            Assert.Equal("stopped on request before the first step: nothing trained or saved", e.Message);
            Assert.Null(e.Checkpoint);
            Assert.Empty(seen.Seen);
            foreach (var (name, value) in net.state_dict()) Assert.True(value.equal(before[name]).all().item<bool>(), $"{name} changed");

            // A finished epoch, then a resume with the cancelled token: the checkpoint is named and left unchanged.
            string run = dir.File("run");
            net.Fit(data, options with { Stop = default, OutDir = run });
            var written = RobustFiles.Fingerprint(run);
            var again = Assert.Throws<TrainingStoppedException>(() => new Trainer(net, data, options with { Epochs = 2, OutDir = run, Resume = true }).Run());
            Assert.Equal(Path.Combine(run, "checkpoint.bin"), again.Checkpoint);
            Assert.Contains("nothing trained after epoch 1", again.Message, StringComparison.Ordinal);
            Assert.Equal(written, RobustFiles.Fingerprint(run));
        }

        [Fact]
        public void Fit_IntoAFolderThatHoldsARun_IsRefusedUnlessResumed_AndChangesNothing()
        {
            using var data = Shapes(train: 64, test: 32);
            using var net = Net();
            string run = dir.File("kept");
            var options = net.TrainingDefaults() with { Epochs = 1, BatchSize = 32, Device = CPU, OutDir = run };
            net.Fit(data, options);
            var before = RobustFiles.Fingerprint(run);

            // A second Fit into the folder (another seed, fewer images: the new user's repro) loses nothing.
            var e = Assert.Throws<ExistingRunException>(() => net.Fit(data, options with { Seed = 5 }));
            Assert.Equal($"{run}: already holds a run (checkpoint.bin, best.bin, metrics.csv); nothing was changed. " +
                         $"Set TrainerOptions.Resume = true to continue it, or train into another folder (TrainerOptions.OutDir = \"{run}-2\")", e.Message);
            Assert.Equal(new[] { "checkpoint.bin", "best.bin", "metrics.csv" }, e.Files);
            Assert.Equal(run + "-2", e.FreeFolder);
            Assert.Equal(before, RobustFiles.Fingerprint(run));
            Assert.Throws<ExistingRunException>(() => new Trainer(net, data, options).Run());
            Assert.Equal(before, RobustFiles.Fingerprint(run));

            // While a run holds the folder, another is refused; once it ends, Resume continues the run.
            using (RunLock.Claim(run, resume: true))
                Assert.Contains("another training run is writing to this folder",
                    Assert.Throws<IOException>(() => net.Fit(data, options with { Epochs = 2, Resume = true })).Message);
            var resumed = net.Fit(data, options with { Epochs = 2, Resume = true });
            Assert.Equal(1, resumed.ResumedFromEpoch);
            Assert.Equal(2, Checkpoint.ReadInfo(Path.Combine(run, Checkpoint.FileName)).Epoch);
            Assert.False(File.Exists(Path.Combine(run, RunLock.FileName)), "a finished run leaves no lock file");
        }

        [Fact]
        public void ACallbackThatStopsAfterNSteps_StopsThere_AndReadsModelOptimizerAndBatch()
        {
            using var data = Shapes();
            using var net = Net();
            var stop = new StopAfter(3);
            var options = net.TrainingDefaults() with { Epochs = 2, BatchSize = 32, Device = CPU, OutDir = dir.File("run") };
            var result = net.Fit(data, options, stop);

            Assert.Equal(3, result.Steps);
            Assert.Equal("stopped after 3 steps", result.StopReason);
            Assert.Empty(result.History);                              // the epoch never finished
            Assert.Equal(new long[] { 1, 2, 3 }, stop.Seen.Select(s => s.Step));
            Assert.All(stop.Seen, s => Assert.Equal(32, s.Batch));
            Assert.All(stop.Seen, s => Assert.Equal("adamw", s.Optimizer));   // the declaration's optimizer
            Assert.All(stop.Seen, s => Assert.True(s.ModelIsTraining));
            var steps = File.ReadAllLines(dir.File("run/steps.csv"));
            Assert.Equal(StepLog.Header, steps[0]);
            Assert.Equal(4, steps.Length);
            Assert.Equal(stop.Seen[2].Loss, double.Parse(steps[3].Split(',')[4], CultureInfo.InvariantCulture));
            Assert.True(File.Exists(dir.File("run/checkpoint.bin")), "a mid-epoch stop keeps a resumable checkpoint");
            Assert.Equal(3, Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Step);
        }

        sealed class WeightNorm : TrainingCallback
        {
            public override void EpochEnding(EpochContext epoch)
            {
                using var noGrad = no_grad();
                using var held = new ScalarScope();
                double norm = epoch.Run.Model.parameters().Sum(p => p.pow(held[2L]).sum().item<float>());
                epoch.AddMetric("weight_norm", Math.Sqrt(norm));
                epoch.AddMetric("test_error", 1 - epoch.Test.Metric);
            }
        }

        [Fact]
        public void ACustomMetric_AppearsInMetricsCsvJsonAndTheHistory()
        {
            using var data = Shapes();
            using var net = Net();
            var log = new StringWriter();
            var result = net.Fit(data, net.TrainingDefaults() with { Epochs = 2, BatchSize = 64, Device = CPU, OutDir = dir.File("run") },
                new WeightNorm(), new ConsoleProgress(log, everySteps: 2));

            Assert.Equal(2, result.History.Count);
            Assert.All(result.History, m => Assert.True(m.Custom!["weight_norm"] > 0));
            Assert.Equal(1 - result.History[1].TestMetric, result.History[1].Custom!["test_error"], 12);

            var csv = File.ReadAllLines(dir.File("run/metrics.csv"));
            var header = csv[0].Split(',');
            int column = Array.IndexOf(header, "weight_norm");
            Assert.True(column > 0, csv[0]);
            Assert.Contains("test_error", header);
            Assert.Equal(result.History[1].Custom!["weight_norm"], double.Parse(csv[2].Split(',')[column], CultureInfo.InvariantCulture));

            using var json = JsonDocument.Parse(File.ReadAllText(dir.File("run/metrics.json")));
            Assert.Equal(result.History[0].Custom!["weight_norm"], json.RootElement[0].GetProperty("custom").GetProperty("weight_norm").GetDouble());

            string text = log.ToString();
            Assert.Contains("epoch 1 step 2/4  loss", text);
            Assert.Contains("weight_norm", text.Split('\n').First(l => l.StartsWith("epoch 2/2")));
            Assert.True(File.Exists(dir.File("run/curves.png")));
        }

        [Fact]
        public void ACustomLoss_IsTheLossMinimisedAndLogged()
        {
            using var data = Shapes();
            using var net = Net();
            var calls = 0;
            LossFunction constantPlusZero = (output, images, targets) =>
            {
                calls++;
                using var held = new ScalarScope();
                return output.sum().mul(held[0.0]).add(held[7.25], alpha: Scalars.One);
            };
            var seen = new StopAfter(long.MaxValue);
            var result = net.Fit(data, net.TrainingDefaults() with { Epochs = 1, BatchSize = 64, Device = CPU, Loss = constantPlusZero, OutDir = dir.File("run") }, seen);

            Assert.True(calls >= 4 + 1, $"called {calls} times");                       // 4 training batches, then the test set
            Assert.All(seen.Seen, s => Assert.Equal(7.25, s.Loss, 6));
            Assert.Equal(7.25, result.History[0].TrainLoss, 6);
            Assert.Equal(7.25, result.History[0].TestLoss, 6);
            Assert.All(File.ReadAllLines(dir.File("run/steps.csv")).Skip(1), line => Assert.Equal(7.25, double.Parse(line.Split(',')[4], CultureInfo.InvariantCulture), 6));
        }

        [Fact]
        public void ACustomLossThatReturnsAVector_IsNamed()
        {
            using var data = Shapes(64, 32);
            using var net = Net();
            var e = Assert.Throws<InvalidOperationException>(() =>
                net.Fit(data, net.TrainingDefaults() with { Device = CPU, Loss = (o, i, t) => o.sum(1) }));
            Assert.Contains("custom loss returned a tensor of shape [32]", e.Message);
        }

        [Fact]
        public void TensorBoard_WritesEventFilesWithStepAndEpochScalars()
        {
            using var data = Shapes();
            using var net = Net();
            var logger = new TensorBoardLogger(dir.File("tb"));
            net.Fit(data, net.TrainingDefaults() with { Epochs = 2, BatchSize = 64, Device = CPU }, logger, new WeightNorm());

            var files = Directory.GetFiles(dir.File("tb"), "events.out.tfevents.*");
            Assert.Single(files);
            var scalars = TensorBoardEvents.Read(files[0]);
            Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), scalars.Where(s => s.Tag == "train/loss").Select(s => s.Step));
            Assert.All(scalars.Where(s => s.Tag == "train/loss"), s => Assert.True(s.Value > 0 && float.IsFinite(s.Value)));
            Assert.Equal(new long[] { 4, 8 }, scalars.Where(s => s.Tag == "epoch/test_accuracy").Select(s => s.Step));
            Assert.Equal(2, scalars.Count(s => s.Tag == "epoch/weight_norm"));
            Assert.Contains(scalars, s => s.Tag == "train/lr");
        }

        [Fact]
        public void TrainingDefaults_ComeFromTheDeclaration_AndOverridesWin()
        {
            using var net = Net();
            var defaults = net.TrainingDefaults();
            Assert.Equal(OptimizerKind.AdamW, defaults.Optimizer);
            Assert.Equal(0.003, defaults.LearningRate);
            Assert.Equal(ModelTask.Classification, defaults.Task);
            Assert.Equal("apinet", defaults.ModelName);
            var mine = defaults with { LearningRate = 0.01, Epochs = 4 };
            Assert.Equal(0.01, mine.LearningRate);
            Assert.Equal(OptimizerKind.AdamW, mine.Optimizer);

            using var plain = new TinyCnn();
            Assert.Equal(OptimizerKind.Sgd, plain.TrainingDefaults().Optimizer);
            Assert.Equal(new TrainerOptions().LearningRate, plain.TrainingDefaults().LearningRate);
        }

        [Fact]
        public void FitThenEvaluate_LearnsTheShapes_AndEvaluateMatchesTheResult()
        {
            using var data = Shapes(1200, 200);
            using var net = Net();
            var before = net.Evaluate(data, net.TrainingDefaults() with { Device = CPU });
            var result = net.Fit(data, net.TrainingDefaults() with { Epochs = 3, BatchSize = 32, Device = CPU });
            var after = net.Evaluate(data, net.TrainingDefaults() with { Device = CPU });
            Assert.True(after.Loss < before.Loss * 0.8, $"test loss {before.Loss:F3} → {after.Loss:F3}");
            Assert.True(after.Metric > 2.0 / 6, $"accuracy {after.Metric:F3} (chance 1/6)");
            Assert.Equal(result.Test.Metric, after.Metric, 6);
        }

        [Fact]
        public void PredictOnPngFiles_EqualsPredictOnTheTensorTheLoaderMakes()
        {
            string root = dir.File("data");
            DataTestFiles.WriteClassFolders(Path.Combine(root, "train"), new[] { "a", "b" }, 2, width: 20, height: 12);
            var test = DataTestFiles.WriteClassFolders(Path.Combine(root, "test"), new[] { "a", "b" }, 3, width: 20, height: 12);
            using var net = Net();
            var input = net.InputShape;
            var files = DataSource.ImageFolder(root).OpenBatches(input, batchSize: 6, seed: 1);
            var (images, _) = files.Test.Epoch(1, CPU).First();

            using var fromLoader = net.Predict(images);
            var paths = test["a"].Concat(test["b"]).ToList();
            using var prepared = ImagePreprocessing.Load(paths, input);
            Assert.True(Tensors.Same(images, prepared), $"max diff {(images - prepared).abs().max().item<float>()}");
            using var fromFiles = net.Predict(paths);
            Assert.Equal(new long[] { 6, 6 }, fromFiles.shape);
            Assert.True(Tensors.Same(fromLoader, fromFiles), $"Predict(files) differs from Predict(loader batch) by {(fromLoader - fromFiles).abs().max().item<float>()}");
            using var one = net.Predict(paths[4]);
            // A batch of one may take another convolution kernel than a batch of six: equal to rounding.
            Assert.True(fromFiles[4].unsqueeze(0).allclose(one, rtol: 1e-5, atol: 1e-6));
            Assert.True(net.training, "Predict restores the training mode");
        }
    }

    /// <summary>Reads TensorBoard event files: TFRecord framing (length, masked CRC, payload, masked CRC) around Event protobufs.</summary>
    static class TensorBoardEvents
    {
        public static List<(string Tag, long Step, float Value)> Read(string path)
        {
            var scalars = new List<(string, long, float)>();
            using var reader = new BinaryReader(File.OpenRead(path));
            int records = 0;
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                long length = reader.ReadInt64();
                reader.ReadUInt32();
                byte[] payload = reader.ReadBytes(checked((int)length));
                Assert.Equal(length, payload.Length);
                reader.ReadUInt32();
                var e = Tensorboard.Event.Parser.ParseFrom(payload);
                if (records++ == 0) Assert.Equal("brain.Event:2", e.FileVersion);
                if (e.Summary != null)
                    foreach (var v in e.Summary.Value) scalars.Add((v.Tag, e.Step, v.SimpleValue));
            }
            return scalars;
        }
    }
}
