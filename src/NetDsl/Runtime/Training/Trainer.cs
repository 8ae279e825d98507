using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using NetDsl.Runtime.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Trains a classifier with SGD + momentum, cross-entropy and a warm-up + cosine schedule; evaluates on
    /// the test split after every epoch; with an output folder, writes checkpoint, metrics and curves after
    /// every epoch and can resume from the checkpoint.
    /// </summary>
    public sealed class Trainer
    {
        readonly nn.Module<Tensor, Tensor> model;
        readonly DataSplits data;
        readonly TrainerOptions options;

        public Trainer(nn.Module<Tensor, Tensor> model, DataSplits data, TrainerOptions options)
        {
            if (options.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "epochs must be at least 1");
            this.model = model;
            this.data = data;
            this.options = options;
        }

        public string? CheckpointPath => options.OutDir == null ? null : Path.Combine(options.OutDir, Checkpoint.FileName);

        public TrainingResult Run(ITrainingObserver? observer = null)
        {
            observer ??= SilentObserver.Instance;
            Device device = options.ResolveDevice();
            model.to(device);
            using var optimizer = new MomentumSgd(model, options.LearningRate, options.Momentum, options.WeightDecay);
            var loader = new BatchLoader(data.Train, options.BatchSize, shuffle: true, seed: options.Seed);
            long totalSteps = (long)options.Epochs * loader.BatchesPerEpoch;
            var schedule = new LearningRateSchedule(options.LearningRate, totalSteps,
                options.WarmupSteps ?? LearningRateSchedule.DefaultWarmup(totalSteps));

            var history = new List<EpochMetrics>();
            int done = 0;
            long step = 0;
            if (options.Resume)
            {
                var info = RestoreFromCheckpoint(optimizer);
                history.AddRange(info.History);
                done = info.Epoch;
                step = info.Step;
            }

            EvaluationResult? test = null;
            for (int epoch = done + 1; epoch <= options.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                // Seeding per epoch (not once per run) makes a resumed epoch draw what an uninterrupted one would.
                random.manual_seed(options.Seed * 100_003L + epoch);
                model.train();
                observer.EpochStarting(epoch, options.Epochs, loader.BatchesPerEpoch);
                double lossSum = 0, lr = 0;
                long correct = 0, seen = 0;
                int stepInEpoch = 0;
                foreach (long[] batch in loader.Batches(epoch))
                {
                    using var scope = NewDisposeScope();
                    lr = schedule.At(step);
                    optimizer.LearningRate = lr;
                    var (images, labels) = loader.Load(batch, device);
                    model.zero_grad();
                    Tensor logits = model.call(images);
                    Tensor loss = nn.functional.cross_entropy(logits, labels);
                    loss.backward();
                    optimizer.Step();
                    lossSum += loss.item<float>() * batch.Length;
                    correct += logits.argmax(1).eq(labels).sum().item<long>();
                    seen += batch.Length;
                    step++;
                    observer.StepFinished(epoch, ++stepInEpoch, lossSum / seen);
                }
                test = Evaluator.Evaluate(model, data.Test, options.BatchSize, device);
                var metrics = new EpochMetrics(epoch, step, lr, lossSum / seen, (double)correct / seen, test.Loss, test.Accuracy,
                    clock.Elapsed.TotalSeconds);
                history.Add(metrics);
                Save(history, epoch, step, optimizer);
                observer.EpochFinished(metrics, options.Epochs);
            }
            test ??= Evaluator.Evaluate(model, data.Test, options.BatchSize, device);
            return new TrainingResult(history, done, test);
        }

        CheckpointInfo RestoreFromCheckpoint(MomentumSgd optimizer)
        {
            string path = CheckpointPath ?? throw new InvalidOperationException("resuming needs an output folder holding the checkpoint");
            var info = Checkpoint.ReadInfo(path);
            string input = data.Train.SampleShape.ToString();
            if (info.ModelName != options.ModelName || info.Input != input)
                throw new InvalidDataException(
                    $"{path}: was written for {info.ModelName} at input {info.Input}, not {options.ModelName} at {input}");
            if (info.Seed != options.Seed)
                throw new InvalidDataException($"{path}: was written with seed {info.Seed}; resume with --seed {info.Seed}");
            Checkpoint.Load(path, model, optimizer);
            return info;
        }

        void Save(List<EpochMetrics> history, int epoch, long step, MomentumSgd optimizer)
        {
            if (options.OutDir == null) return;
            var info = new CheckpointInfo(options.ModelName, data.Train.SampleShape.ToString(), epoch, step, options.Seed, history);
            Checkpoint.Save(CheckpointPath!, info, model, optimizer);
            MetricsLog.Write(options.OutDir, history);
            CurvePlot.Save(Path.Combine(options.OutDir, CurvePlot.FileName), history, $"{options.ModelName} on {data.Name}");
        }
    }
}
