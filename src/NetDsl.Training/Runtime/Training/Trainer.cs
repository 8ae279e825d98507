using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Trains a model for its task (<see cref="TrainerOptions.Task"/>) with the chosen optimizer and schedule;
    /// evaluates on the test split after every epoch; with an output folder, keeps the last and best
    /// checkpoints (also every N steps mid-epoch), metrics and curves, and resumes exactly where it stopped.
    /// </summary>
    public sealed class Trainer
    {
        readonly nn.Module<Tensor, Tensor> model;
        readonly TrainingData data;
        readonly TrainerOptions options;
        readonly ITrainingTask task;
        /// <summary>
        /// The training loss's task: <see cref="task"/> (evaluation's plain loss) with label smoothing and the class weights
        /// (<see cref="TrainerOptions.LabelSmoothing"/>, <see cref="TrainerOptions.ClassWeights"/>).
        /// </summary>
        readonly ITrainingTask trainingTask;
        readonly RunFolder? folder;
        /// <summary>Mixup/CutMix of the training batches; null when off.</summary>
        readonly BatchMixing? mixing;
        /// <summary>fp16-mixed's loss scaler during <see cref="Run"/> (its state goes into every checkpoint); null otherwise.</summary>
        LossScaler? scaler;

        /// <summary>
        /// A trainer over in-memory splits, batched by <see cref="TrainerOptions.BatchSize"/> (training batches shuffled per seed and epoch);
        /// with <see cref="TrainerOptions.ValidationFraction"/> (or a resumed run's recorded one) the validation split is carved here.
        /// </summary>
        public Trainer(nn.Module<Tensor, Tensor> model, DataSplits data, TrainerOptions options)
            : this(model, InMemory(model, data, options), options) { }

        static TrainingData InMemory(nn.Module model, DataSplits data, TrainerOptions options)
        {
            var resolved = options.CheckedFor(model);
            return TrainingData.From(data, resolved.BatchSize, resolved.Seed, resolved.Validates ? resolved.ValidationFraction : null);
        }

        /// <summary>A trainer over batch sources (file-backed data, or your own <see cref="IBatchSource"/>s).</summary>
        public Trainer(nn.Module<Tensor, Tensor> model, TrainingData data, TrainerOptions options)
        {
            options = options.CheckedFor(model);
            TrainableModel.Check(model, "training");
            if (data.Train.BatchesPerEpoch < 1) throw new ArgumentException($"{data.Name}: the training set has no batches", nameof(data));
            if (data.Test.BatchesPerEpoch < 1)
                throw new ArgumentException($"{data.Name}: the test set has no batches; every epoch ends with a test evaluation (the metric, best.bin, early stopping)", nameof(data));
            // The split is the data's (carved when it was opened); options asking for another would select on what they did not ask for.
            if (options.Validates && data.ValidationFraction != options.ValidationFraction)
                throw new ArgumentException($"{data.Name}: TrainerOptions.ValidationFraction is {options.ValidationFraction}, but the data " +
                    (data.Validation == null ? "has no validation split" : $"was opened with validationFraction {data.ValidationFraction}") +
                    $": open it with that fraction (DataSource.OpenBatches(…, validationFraction: {options.ValidationFraction}), TrainingData.From(splits, batch, seed, {options.ValidationFraction}))", nameof(options));
            if (data.Validation is { BatchesPerEpoch: < 1 })
                throw new ArgumentException($"{data.Name}: the validation split has no batches; raise the validation fraction or add training samples", nameof(data));
            // One class: cross-entropy is 0 from the first step and accuracy 1.0, a run that measures nothing.
            if (options.Task == ModelTask.Classification && data.ClassNames is { Count: 1 } only)
                throw new InvalidDataException($"{data.Name}: the data has one class ({only[0]}); a classifier learns to tell classes apart: " +
                    "add at least one more class (a folder per class)");
            // Batch sources are opened at their own batch size: a BatchSize set here that differs would be silently ignored.
            if (options.BatchSizeGiven && BatchSizeOf(data.Train) is int opened && opened != options.BatchSize)
                throw new ArgumentException($"{data.Name}: TrainerOptions.BatchSize is {options.BatchSize}, but the training batches were opened with " +
                    $"batch size {opened} (OpenBatches(input, {opened}, seed)), which is what training uses: open the data with batch size " +
                    $"{options.BatchSize}, or leave BatchSize unset", nameof(options));
            this.model = model;
            this.data = data;
            this.options = options;
            task = options.CreateTask(data.ClassNames);
            var classWeights = options.ClassWeightsFor(data, model);
            trainingTask = options.CreateTrainingTask(data.ClassNames, classWeights);
            mixing = BatchMixing.For(options, classWeights);
            folder = options.OutDir == null ? null : new RunFolder(options.OutDir, $"{options.ModelName} on {data.Name}");
        }

        /// <summary>The batch size the library's own batch sources were opened with; null for your own <see cref="IBatchSource"/>.</summary>
        static int? BatchSizeOf(IBatchSource source) => source switch
        {
            PrefetchLoader prefetch => prefetch.Plan.BatchSize,
            BatchLoader loader => loader.BatchSize,
            PreloadedBatches preloaded => preloaded.Plan.BatchSize,
            _ => null,
        };

        /// <summary>
        /// Samples of another height or width than the network was built for (a network without flatten-sized layers trains
        /// at any size): said, since predictions on image files resize them to the network's own input, not the data's.
        /// </summary>
        static string? OtherInputSize(nn.Module model, TrainingData data)
        {
            if (model is not Network network || !NetDsl.Shapes.TensorShape.TryParse(data.Input, out var samples)) return null;
            var built = network.InputShape;
            if (!samples.Is2d || !built.Is2d || (samples.H == built.H && samples.W == built.W)) return null;
            string type = network.GetType().Name;
            return $"{type} was built for {built} but trains on {samples} samples ({data.Name}); Predict and Classify resize image files to {built}: " +
                   $"build it for the data (using (Network.BuildAt(new TensorShape({samples.C}, {samples.H}, {samples.W}))) new {type}(…)) to predict at {samples}";
        }

        /// <summary>
        /// A claim on <see cref="TrainerOptions.OutDir"/> the caller already holds (<see cref="RunLock.Claim"/>, as the CLI
        /// takes one before it reads any data); null: <see cref="Run"/> claims the folder itself for the run's length, so
        /// a folder holding an earlier run is refused without <see cref="TrainerOptions.Resume"/> (<see cref="ExistingRunException"/>).
        /// </summary>
        public RunLock? OutDirClaim { get; init; }

        /// <summary>
        /// Takes the epoch's sums and torch's generator state back from a mid-epoch checkpoint; sums the task cannot take (another
        /// count of metric values) or a generator state torch refuses are the checkpoint's fault, named as such.
        /// </summary>
        void ResumeEpoch(EpochRun run, ResumePoint point)
        {
            try
            {
                run.ResumeFrom(point);
            }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or System.Runtime.InteropServices.ExternalException)
            {
                throw new InvalidDataException($"{folder!.LastCheckpoint}: corrupt checkpoint: its mid-epoch position (after batch {point.StepInEpoch}, " +
                                               $"{point.TrainMetric.Length} metric values, {point.RandomState.Length} bytes of generator state) cannot be restored ({e.Message})", e);
            }
        }

        /// <summary>The latest checkpoint (<c>OutDir/checkpoint.bin</c>); null without an output folder.</summary>
        public string? CheckpointPath => folder?.LastCheckpoint;

        /// <summary>
        /// Trains every epoch (resuming first when <see cref="TrainerOptions.Resume"/>), telling <paramref name="observer"/>
        /// (use <see cref="ObserverList"/> for several) as it goes; returns the history and the final test evaluation.
        /// </summary>
        public TrainingResult Run(ITrainingObserver? observer = null)
        {
            // Nothing already written is lost: an earlier run in OutDir is refused unless resumed, and the folder is held meanwhile.
            using var claim = folder == null || HoldsClaim ? null : RunLock.Claim(options.OutDir!, options.Resume);
            observer ??= SilentObserver.Instance;
            Device device = options.ResolveDevice();
            var warnings = new List<string>();
            if (PrecisionSupport.Require(options.Precision, device) is string slow) warnings.Add(slow);
            if (OtherInputSize(model, data) is string size) warnings.Add(size);
            using var compute = Compute.Use(ComputeMode.For(options.Precision));
            model.to(device);
            using var optimizer = options.CreateOptimizer(model);
            // With EmaDecay: the averaged weights are swapped in to be evaluated and saved (a checkpoint's weights are the
            // scored ones; the raw ones travel in its optimizer state), and the run ends with them in the model.
            var average = (optimizer as AveragingOptimizer)?.Average;
            var parameters = model.parameters().Select(p => (Tensor)p).ToList();
            int steps = data.Train.BatchesPerEpoch;
            scaler = options.Precision == Precision.Fp16Mixed ? new LossScaler() : null;
            var accumulation = new GradientAccumulation(options.Accumulate, steps, scaler);
            long totalSteps = (long)options.Epochs * accumulation.StepsPerEpoch;
            var schedule = LearningRateSchedule.Create(options.Schedule, options.LearningRate, totalSteps, options.ResolveWarmupSteps(totalSteps, accumulation.StepsPerEpoch));

            folder?.RemoveStaleTemporaries();
            var history = new List<EpochMetrics>();
            string? bestDamage = null;
            int done = 0;
            long step = 0;
            ResumePoint? resumeAt = null;
            if (options.Resume)
            {
                var info = folder?.Restore(model, optimizer, options, data)
                           ?? throw new InvalidOperationException("resuming needs an output folder holding the checkpoint");
                history.AddRange(info.History);
                if (scaler != null && info.Position?.LossScale is { } scale) scaler.Restore(scale);
                (done, step, resumeAt) = (info.Epoch, info.Step, info.Position is { StepInEpoch: > 0 } p ? p : null);
                // checkpoint.bin reads, but best.bin may not: said now, and rewritten by the next epoch that scores better.
                bestDamage = folder!.BestDamage();
                if (bestDamage != null)
                    warnings.Add($"{bestDamage}; best.bin is damaged, so it is rewritten by the next epoch that scores better than the best so far; until then the run has no readable best checkpoint ({folder.LastCheckpoint} holds the last epoch)");
            }

            // A token cancelled before the first step trains nothing (a resumed run's checkpoint stays as it was).
            if (options.Stop.IsCancellationRequested) throw CleanStop.BeforeStart(folder, done, step, options.Resume);
            var stopping = new EarlyStopping(options.Patience, options.Monitor, history);
            if (options.Resume && done >= options.Epochs)
                warnings.Add($"nothing to train: {options.OutDir} already holds {done} epochs and Epochs is {options.Epochs}; raise Epochs to train more");
            else if (options.Resume && stopping.ShouldStop)
            {
                // Asked for more epochs, a run that stopped early goes on: patience counts again from here, the best epoch stays.
                warnings.Add($"resuming a run that stopped early after epoch {done} ({stopping.DescribeBest(task.MetricName)}): " +
                             $"training on to epoch {options.Epochs}, patience {options.Patience} counting again from epoch {done}");
                stopping.RestartAt(done);
            }
            Dictionary<string, Tensor>? bestWeights = null;
            var context = new TrainingContext(model, optimizer, options, task, data) { Epoch = done, GlobalStep = step, Warnings = warnings };
            folder?.Steps.Open(options.Resume ? step : null);
            observer.TrainingStarting(context);
            EvaluationResult? test = null;
            // With a validation split every epoch is judged on it; the test split is read once, after the loop.
            var judged = data.Validation ?? data.Test;
            bool validating = data.Validation != null;
            string judgedName = $"{data.Name} {(validating ? "validation" : "test")}";
            for (int epoch = done + 1; epoch <= options.Epochs && !stopping.ShouldStop && !context.StopRequested; epoch++)
            {
                context.Epoch = epoch;
                var clock = Stopwatch.StartNew();
                var run = new EpochRun(task.NewAccumulator(training: true));
                if (resumeAt != null) ResumeEpoch(run, resumeAt);
                // Seeding per epoch (not once per run) makes a resumed epoch draw what an uninterrupted one would.
                else random.manual_seed(options.Seed * 100_003L + epoch);
                resumeAt = null;
                model.train();
                observer.EpochStarting(epoch, options.Epochs, steps, run.StepInEpoch);
                int skipped = run.StepInEpoch;
                double lr = 0;
                foreach (var (images, targets) in data.Train.Epoch(epoch, device, skipped))
                using (images)
                using (targets)
                {
                    using var scope = NewDisposeScope();
                    int batch = run.StepInEpoch;
                    if (accumulation.StartsStep(batch))
                    {
                        lr = schedule.At(step);
                        optimizer.LearningRate = lr;
                        model.zero_grad();
                    }
                    // Mixed from (seed, epoch, batch) alone, so a resumed epoch mixes as an uninterrupted one; scored against the dominant label.
                    var mixed = mixing?.Mix(images, targets, options.Seed, epoch, batch);
                    Tensor input = mixed?.Images ?? images, scored = mixed?.Dominant ?? targets;
                    Tensor output = Forward(input, out Tensor loss, targets, $"{data.Name} train, epoch {epoch} batch {run.StepInEpoch + 1}", mixed);
                    double value = loss.item<float>();
                    if (!double.IsFinite(value))
                        throw new TrainingFailedException(
                            $"loss is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} at epoch {epoch}, step {run.StepInEpoch + 1} (global step {step + 1}); stopped without saving" +
                            (folder != null && File.Exists(folder.LastCheckpoint) ? $"; the last good checkpoint is {folder.LastCheckpoint}" : ""),
                            epoch, run.StepInEpoch + 1);
                    accumulation.Backward(loss, batch);
                    Tensor detached = output.detach();
                    using (no_grad()) run.Add(detached, input, scored, value);
                    if (!accumulation.EndsStep(batch)) continue;
                    if (accumulation.Unscale(parameters))
                    {
                        if (options.ClipNorm is double clip) GradientClipping.ClipGlobalNorm(parameters, clip);
                        optimizer.Step();
                    }
                    context.GlobalStep = ++step;
                    var progress = new StepProgress(epoch, run.StepInEpoch, steps, step, run.MeanLoss,
                        (run.Seen - run.SeenAtStart) / Math.Max(1e-9, clock.Elapsed.TotalSeconds), lr) { Loss = value, Seconds = clock.Elapsed.TotalSeconds };
                    folder?.Steps.Add(new StepRecord(step, epoch, run.StepInEpoch, steps, value, run.MeanLoss, lr, progress.ImagesPerSecond));
                    observer.BatchFinished(new BatchContext(context, input, scored, detached, loss.detach(), progress));
                    observer.StepFinished(progress);
                    if (folder != null && options.CheckpointEvery > 0 && step % options.CheckpointEvery == 0 && run.StepInEpoch < steps)
                        using (average?.SwappedIn()) folder.SaveLast(Info(epoch - 1, step, history, run.Position(optimizer)), model, optimizer);
                    if (options.Stop.IsCancellationRequested && run.StepInEpoch < steps)
                        using (average?.SwappedIn()) throw CleanStop.Save(folder, Info(epoch - 1, step, history, run.Position(optimizer)), model, optimizer, epoch, run.StepInEpoch);
                    if (context.StopRequested) break;
                }
                // A resume from a checkpoint saved after the epoch's last batch (its evaluation failed) trains nothing: the
                // epoch's learning rate is the one its last step used, as in the run that saved it.
                if (skipped == steps && skipped > 0 && step > 0) lr = schedule.At(step - 1);
                if (context.StopRequested && run.StepInEpoch < steps)
                {
                    // Stopped by an observer mid-epoch: keep that step resumable; the epoch is not recorded as finished.
                    using (average?.SwappedIn()) folder?.SaveLast(Info(epoch - 1, step, history, run.Position(optimizer)), model, optimizer);
                    test = null;
                    break;
                }
                using (average?.SwappedIn())
                {
                    if (options.RecalibrateBatchNorm > 0) BatchNormRecalibration.Run(model, data.Train.Epoch(epoch, device), options.RecalibrateBatchNorm);
                    try { test = Evaluator.Evaluate(model, judged, task, device, judgedName); }
                    catch (Exception e) when (folder != null && e is InvalidDataException or IOException)
                    {
                        // An unreadable evaluation file must not cost the epoch's training: it is saved as a checkpoint after the
                        // epoch's last batch, from which --resume evaluates the epoch without training it again.
                        folder.SaveLast(Info(epoch - 1, step, history, run.Position(optimizer)), model, optimizer);
                        throw RunFolder.EvaluationFailed(e, epoch, folder.LastCheckpoint);
                    }
                    var ending = new EpochContext(context, epoch, run.MeanLoss, run.Metric.Value, test);
                    observer.EpochEnding(ending);
                    var metrics = new EpochMetrics(epoch, step, lr, run.MeanLoss, run.Metric.Value, test.Loss, test.Metric,
                        clock.Elapsed.TotalSeconds, task.MetricName, test.Details) { Custom = ending.Custom.Count == 0 ? null : new Dictionary<string, double>(ending.Custom), Validated = validating };
                    history.Add(metrics);
                    if (stopping.Add(metrics) && options.RestoreBestWeights) bestWeights = Snapshot(model, bestWeights);
                    folder?.SaveEpoch(Info(epoch, step, history, ResumePoint.AtEpochEnd(optimizer.Kind, optimizer.StepCount)), model, optimizer,
                        isBest: stopping.BestEpoch == epoch, history);
                    if (stopping.BestEpoch == epoch) bestDamage = null;
                    observer.EpochFinished(metrics, options.Epochs);
                }
                if (options.Stop.IsCancellationRequested && epoch < options.Epochs)
                    throw CleanStop.AtEpochEnd(folder, epoch, step);
            }
            if (average is { Swapped: false }) average.Swap();   // the model keeps the averaged weights, as Keras's use_ema leaves them
            // The model holds the last finished epoch's weights unless an observer stopped it mid-epoch (test is null then).
            if (options.RestoreBestWeights && stopping.BestEpoch > 0 && (test == null || stopping.BestEpoch != history[^1].Epoch) && RestoreBest(bestWeights, bestDamage))
                test = null;   // evaluated again: the result is the restored weights'
            if (bestWeights != null) foreach (var t in bestWeights.Values) t.Dispose();
            if (validating) test = null;   // the last evaluation was validation's: the test split is scored now, once, on the weights the run leaves
            test ??= Evaluator.Evaluate(model, data.Test, task, device, $"{data.Name} test");
            if (validating && folder != null) MetricsLog.WriteFinalTest(options.OutDir!, test, history.Count == 0 ? done : history[^1].Epoch, stopping.BestEpoch,
                options.RestoreBestWeights && stopping.BestEpoch > 0);
            // confusion.csv for classifiers and segmenters (rows: true class, columns: predicted), the CLI's and Fit's alike.
            if (folder != null && test.Confusion is ConfusionCounts confusion)
                ConfusionLog.Write(Path.Combine(options.OutDir!, ConfusionLog.FileName), confusion, data.ClassNames ?? Array.Empty<string>());
            if (folder != null && test.PerClass is ClassificationReport report)
                PerClassLog.Write(Path.Combine(options.OutDir!, PerClassLog.FileName), report);
            bool stoppedEarly = stopping.ShouldStop && history.Count < options.Epochs;
            var result = new TrainingResult(history, done, test)
            {
                StoppedEarly = stoppedEarly, BestEpoch = stopping.BestEpoch, BestSummary = stopping.DescribeBest(task.MetricName),
                StopReason = context.StopReason ?? (stoppedEarly ? stopping.DescribeStop(task.MetricName) : null), Steps = step, Warnings = warnings,
                Validated = validating, BestCheckpointDamage = bestDamage,
            };
            observer.TrainingFinished(result);
            return result;
        }

        /// <summary>A copy of the model's weights and buffers on the CPU (the best epoch's, for <see cref="TrainerOptions.RestoreBestWeights"/>), replacing <paramref name="previous"/>.</summary>
        static Dictionary<string, Tensor> Snapshot(nn.Module model, Dictionary<string, Tensor>? previous)
        {
            if (previous != null) foreach (var t in previous.Values) t.Dispose();
            using var noGrad = no_grad();
            return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone());
        }

        /// <summary>
        /// Loads the best epoch's weights into the model: the copy kept this run, else (the best epoch came before a resume)
        /// <c>best.bin</c>'s; false when neither is there.
        /// </summary>
        bool RestoreBest(Dictionary<string, Tensor>? bestWeights, string? bestDamage)
        {
            if (bestWeights != null)
            {
                using (no_grad())
                    foreach (var (key, value) in model.state_dict())
                        if (bestWeights.TryGetValue(key, out var saved)) value.copy_(saved);
                return true;
            }
            if (folder == null || bestDamage != null || !File.Exists(Path.Combine(options.OutDir!, Checkpoint.BestFileName))) return false;
            Checkpoint.Load(Path.Combine(options.OutDir!, Checkpoint.BestFileName), model, optimizer: null);
            return true;
        }

        bool HoldsClaim => OutDirClaim != null && Path.GetFullPath(OutDirClaim.Directory) == Path.GetFullPath(options.OutDir!);

        /// <summary>The training forward and loss (<see cref="TrainingForward"/>).</summary>
        Tensor Forward(Tensor images, out Tensor loss, Tensor targets, string where, MixedBatch? mixed) =>
            TrainingForward.Run(model, trainingTask, images, out loss, targets, where, mixed);

        CheckpointInfo Info(int epoch, long step, List<EpochMetrics> history, ResumePoint position) =>
            new CheckpointInfo(options.ModelName, data.Input, epoch, step, options.Seed, history.ToList())
            {
                Position = scaler == null ? position : position with { LossScale = scaler.State },
                Settings = RunSettings.From(options, data, model),
            };
    }
}
