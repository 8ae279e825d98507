using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>How <see cref="LearningRateFinder"/> sweeps (PyTorch Lightning's <c>Tuner.lr_find</c> defaults).</summary>
    public sealed record LearningRateFinderOptions
    {
        /// <summary>The first rate of the sweep.</summary>
        public double MinLearningRate { get; init; } = 1e-7;

        /// <summary>The last rate of the sweep (reached at the last step unless the loss diverges first).</summary>
        public double MaxLearningRate { get; init; } = 10;

        /// <summary>Optimizer steps (one per batch); the sweep goes on into further epochs when one epoch has fewer batches.</summary>
        public int Steps { get; init; } = 100;

        /// <summary>The exponential smoothing of the loss (with bias correction, as fastai and Lightning).</summary>
        public double Beta { get; init; } = 0.98;

        /// <summary>The sweep stops once the smoothed loss exceeds this many times its best (Lightning's <c>early_stop_threshold</c>); null: never on that account.</summary>
        public double? DivergenceFactor { get; init; } = 4;

        /// <summary>Points left out at the start when looking for the steepest descent (Lightning's <c>skip_begin</c>).</summary>
        public int SkipBegin { get; init; } = 10;

        /// <summary>Points left out at the end when looking for the steepest descent (Lightning's <c>skip_end</c>).</summary>
        public int SkipEnd { get; init; } = 1;

        internal void Check()
        {
            if (!(MinLearningRate > 0) || !double.IsFinite(MinLearningRate))
                throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "the minimum learning rate must be a positive number");
            if (!(MaxLearningRate > MinLearningRate) || !double.IsFinite(MaxLearningRate))
                throw new ArgumentOutOfRangeException(nameof(MaxLearningRate), MaxLearningRate, $"the maximum learning rate must be finite and above the minimum ({MinLearningRate})");
            if (Steps < 2) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "the sweep needs at least 2 steps");
            if (!(Beta >= 0 && Beta < 1)) throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "beta must be in [0, 1)");
            if (DivergenceFactor is double f && !(f > 1)) throw new ArgumentOutOfRangeException(nameof(DivergenceFactor), f, "the divergence factor must be above 1");
            if (SkipBegin < 0 || SkipEnd < 0) throw new ArgumentOutOfRangeException(nameof(SkipBegin), "points to skip cannot be negative");
        }
    }

    /// <summary>One step of the sweep: the rate it trained at, the batch's loss and the bias-corrected smoothed loss.</summary>
    public readonly record struct LearningRatePoint(int Step, double LearningRate, double Loss, double SmoothedLoss);

    /// <summary>What <see cref="LearningRateFinder"/> measured and what it suggests.</summary>
    public sealed record LearningRateFinderResult(IReadOnlyList<LearningRatePoint> Points, LearningRateFinderOptions Options)
    {
        /// <summary>
        /// The rate half-way into the middle third of the smoothed loss's longest valley (fastai's default, <c>valley</c>): robust to the
        /// bumps of a noisy, flat curve where the single steepest step is noise; null when too few finite points remain.
        /// </summary>
        public double? Suggestion { get; init; }

        /// <summary>Lightning's suggestion: the rate at the steepest descent of the smoothed loss, searched up to its minimum.</summary>
        public double? SteepestSuggestion { get; init; }

        /// <summary>The step (0-based, into <see cref="Points"/>) of <see cref="Suggestion"/>.</summary>
        public int? SuggestionStep { get; init; }

        /// <summary>How <see cref="Suggestion"/> was chosen, in words.</summary>
        public string SuggestionMethod { get; init; } = "";

        /// <summary>fastai's other suggestion: the rate at the lowest smoothed loss (within the same skipped window), divided by 10.</summary>
        public double? MinimumLossSuggestion { get; init; }

        /// <summary>The step (1-based) at which the sweep stopped because the loss diverged; null when it ran every step.</summary>
        public int? DivergedAtStep { get; init; }

        /// <summary>Why it stopped early ("smoothed loss 9.1 > 4 × best 2.2", "loss is NaN"); null when it did not.</summary>
        public string? DivergenceReason { get; init; }

        /// <summary>Epochs of the training data the sweep read (more than one when an epoch has fewer batches than steps).</summary>
        public int Epochs { get; init; }

        /// <summary>
        /// True when <see cref="TrainerOptions.Stop"/> ended the sweep before its last step: the points and suggestions cover
        /// the steps taken (the model is restored as after a full sweep).
        /// </summary>
        public bool StoppedOnRequest { get; init; }

        /// <summary><c>lr,loss,smoothed</c> lines, one per step (round-trip numbers).</summary>
        public string ToCsv()
        {
            var text = new System.Text.StringBuilder("lr,loss,smoothed\n");
            foreach (var p in Points) text.Append(MetricsLog.Number(p.LearningRate)).Append(',').Append(MetricsLog.Number(p.Loss)).Append(',').Append(MetricsLog.Number(p.SmoothedLoss)).Append('\n');
            return text.ToString();
        }

        /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> (atomically).</summary>
        public void WriteCsv(string path)
        {
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            MetricsLog.WriteAtomically(path, ToCsv());
        }

        /// <summary>The loss and smoothed loss against the rate (log axis), the suggestion marked, as a PNG at <paramref name="path"/>.</summary>
        public void SavePlot(string path, string title = "learning-rate finder") => LearningRatePlot.Save(path, this, title);
    }

    /// <summary>
    /// The learning-rate range test (Smith, 2017; fastai's <c>lr_find</c>, PyTorch Lightning's <c>Tuner.lr_find</c>): trains
    /// with a rate growing exponentially from <see cref="LearningRateFinderOptions.MinLearningRate"/> to
    /// <see cref="LearningRateFinderOptions.MaxLearningRate"/>, one optimizer step per batch with the options' (or the model
    /// card's) optimizer, weight decay, label smoothing and precision, and records the loss; stops when the smoothed loss
    /// diverges. Suggests the rate half-way into the middle third of the smoothed loss's longest valley (fastai's default), and gives Lightning's steepest
    /// descent and fastai's minimum/10 beside it. <see cref="TrainerOptions.Accumulate"/>, the schedule and
    /// the epochs do not apply: every batch is one step at the sweep's rate. The model is left as it was: its weights and buffers
    /// (BatchNorm running statistics), its training mode, its gradients (cleared) and torch's CPU generator state are restored;
    /// the optimizer is the finder's own and is disposed.
    /// </summary>
    public static class LearningRateFinder
    {
        /// <summary>Runs the sweep over in-memory splits, batched by <see cref="TrainerOptions.BatchSize"/>.</summary>
        public static LearningRateFinderResult Run(nn.Module<Tensor, Tensor> model, DataSplits data, TrainerOptions options, LearningRateFinderOptions? finder = null) =>
            Run(model, TrainingData.From(data, options.CheckedFor(model).BatchSize, options.Seed), options, finder);

        /// <summary>Runs the sweep over <paramref name="data"/>'s training batches (the test split is not read).</summary>
        public static LearningRateFinderResult Run(nn.Module<Tensor, Tensor> model, TrainingData data, TrainerOptions options, LearningRateFinderOptions? finder = null,
            Action<LearningRatePoint>? progress = null)
        {
            finder ??= new LearningRateFinderOptions();
            finder.Check();
            options = options.CheckedFor(model);
            TrainableModel.Check(model, "a learning-rate sweep");
            if (data.Train.BatchesPerEpoch < 1) throw new ArgumentException($"{data.Name}: the training set has no batches", nameof(data));
            var task = options.CreateTrainingTask(data.ClassNames, options.ClassWeightsFor(data, model));   // the loss training would minimise
            Device device = options.ResolveDevice();
            bool wasTraining = model.training;
            using var randomState = random.get_rng_state();
            var saved = Snapshot(model);
            try
            {
                using var compute = Compute.Use(ComputeMode.For(options.Precision));
                model.to(device);
                using var optimizer = (options with { EmaDecay = null }).CreateOptimizer(model);   // a weight average has nothing to add to a sweep
                var parameters = model.parameters().Select(p => (Tensor)p).ToList();
                var scaler = options.Precision == Precision.Fp16Mixed ? new LossScaler() : null;
                var accumulation = new GradientAccumulation(1, int.MaxValue, scaler);
                return Sweep(model, data, options, finder, task, device, optimizer, parameters, accumulation, progress);
            }
            finally
            {
                Restore(model, saved);
                model.zero_grad();
                model.train(wasTraining);
                random.set_rng_state(randomState);
            }
        }

        /// <summary>The rate of step <paramref name="step"/> of <paramref name="steps"/>: exactly the minimum first and the maximum last.</summary>
        public static double RateAt(int step, int steps, double min, double max) =>
            step >= steps - 1 ? max : min * Math.Pow(max / min, (double)step / (steps - 1));

        static LearningRateFinderResult Sweep(nn.Module<Tensor, Tensor> model, TrainingData data, TrainerOptions options, LearningRateFinderOptions finder,
            ITrainingTask task, Device device, IOptimizer optimizer, List<Tensor> parameters, GradientAccumulation accumulation, Action<LearningRatePoint>? progress)
        {
            var points = new List<LearningRatePoint>(finder.Steps);
            double average = 0, best = double.PositiveInfinity;
            int? diverged = null;
            string? reason = null;
            int epoch = 0;
            bool stopped = false;
            model.train();
            while (points.Count < finder.Steps && diverged == null && !stopped)
            {
                epoch++;
                random.manual_seed(options.Seed * 100_003L + epoch);   // as the trainer seeds each epoch (dropout, augmentation)
                int read = 0;
                foreach (var (images, targets) in data.Train.Epoch(epoch, device))
                using (images)
                using (targets)
                {
                    if (options.Stop.IsCancellationRequested) { stopped = true; break; }   // before the step: a cancelled token takes none
                    using var scope = NewDisposeScope();
                    read++;
                    int step = points.Count;
                    double lr = RateAt(step, finder.Steps, finder.MinLearningRate, finder.MaxLearningRate);
                    optimizer.LearningRate = lr;
                    model.zero_grad();
                    TrainingForward.Run(model, task, images, out Tensor loss, targets, $"{data.Name} train, learning-rate finder step {step + 1}");
                    double value = loss.item<float>();
                    double smoothed = double.NaN;
                    if (double.IsFinite(value))
                    {
                        average = finder.Beta * average + (1 - finder.Beta) * value;
                        smoothed = average / (1 - Math.Pow(finder.Beta, step + 1));
                        accumulation.Backward(loss, 0);
                        if (accumulation.Unscale(parameters))
                        {
                            if (options.ClipNorm is double clip) GradientClipping.ClipGlobalNorm(parameters, clip);
                            optimizer.Step();
                        }
                    }
                    var point = new LearningRatePoint(step, lr, value, smoothed);
                    points.Add(point);
                    progress?.Invoke(point);
                    if (!double.IsFinite(value))
                    {
                        (diverged, reason) = (step + 1, $"loss is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} at lr {Format(lr)}");
                        break;
                    }
                    if (finder.DivergenceFactor is double factor && step > 0 && smoothed > factor * best)
                    {
                        (diverged, reason) = (step + 1, $"smoothed loss {Format(smoothed)} > {Format(factor)} × best {Format(best)} at lr {Format(lr)}");
                        break;
                    }
                    if (smoothed < best) best = smoothed;
                    if (points.Count >= finder.Steps) break;
                }
                if (read == 0 || stopped) break;
            }
            return Suggest(points, finder) with { DivergedAtStep = diverged, DivergenceReason = reason, Epochs = epoch, StoppedOnRequest = stopped };
        }

        /// <summary>
        /// The suggestions from a sweep's points, over those after <see cref="LearningRateFinderOptions.SkipBegin"/> and before
        /// <see cref="LearningRateFinderOptions.SkipEnd"/>: fastai's valley (the suggestion), Lightning's steepest descent of the
        /// smoothed loss (numpy's <c>gradient</c>, the points evenly spaced in log rate) searched up to the lowest smoothed
        /// loss, and that loss's rate / 10 (fastai).
        /// </summary>
        public static LearningRateFinderResult Suggest(IReadOnlyList<LearningRatePoint> points, LearningRateFinderOptions finder)
        {
            var result = new LearningRateFinderResult(points, finder);
            var window = points.Skip(finder.SkipBegin).Take(Math.Max(0, points.Count - finder.SkipBegin - finder.SkipEnd))
                .Where(p => double.IsFinite(p.SmoothedLoss)).ToList();
            // Over the same window: the first steps' smoothed loss (the untrained loss) is no minimum worth suggesting.
            if (window.Count > 0)
                result = result with { MinimumLossSuggestion = window.MinBy(p => p.SmoothedLoss).LearningRate / 10 };
            if (window.Count < 2)
                return result with { SuggestionMethod = $"none: fewer than 2 finite points after skipping {finder.SkipBegin} at the start and {finder.SkipEnd} at the end" };
            int lowestAt = window.IndexOf(window.MinBy(p => p.SmoothedLoss));
            if (lowestAt < 1)
                return result with { SuggestionMethod = $"none: the smoothed loss was lowest at the start of the sweep ({Format(window[0].LearningRate)}); sweep lower rates (MinLearningRate, --min-lr)" };
            int steepest = Steepest(window, lowestAt), valley = Valley(window);
            return result with
            {
                Suggestion = window[valley].LearningRate,
                SuggestionStep = window[valley].Step,
                SuggestionMethod = "fastai's valley: half-way into the middle third of the smoothed loss's longest valley",
                SteepestSuggestion = window[steepest].LearningRate,
            };
        }

        // Lightning's rule (numpy's gradient, its minimum) over the points up to the lowest smoothed loss only: past it the
        // rate is already too high, and a fall there is the loss easing after a spike (over the whole sweep it picked 2.26
        // for resnet18 on the shapes set, where the loss stood at twice its minimum).
        static int Steepest(List<LearningRatePoint> window, int last)
        {
            int steepest = 0;
            double lowest = double.PositiveInfinity;
            for (int i = 0; i <= last; i++)
            {
                double gradient = i == 0 ? window[1].SmoothedLoss - window[0].SmoothedLoss
                    : i == last ? window[i].SmoothedLoss - window[i - 1].SmoothedLoss
                    : (window[i + 1].SmoothedLoss - window[i - 1].SmoothedLoss) / 2;
                if (gradient < lowest) (lowest, steepest) = (gradient, i);
            }
            return steepest;
        }

        // fastai's valley: the longest run of falling smoothed losses (a longest decreasing subsequence, so single bumps do
        // not break it), ending where it ends longest; the suggestion lies half-way into its middle third.
        static int Valley(List<LearningRatePoint> window)
        {
            int n = window.Count, end = 0;
            var length = new int[n];
            for (int i = 0; i < n; i++)
            {
                length[i] = 1;
                for (int j = 0; j < i; j++)
                    if (window[i].SmoothedLoss < window[j].SmoothedLoss && length[j] + 1 > length[i]) length[i] = length[j] + 1;
                if (length[i] > length[end]) end = i;
            }
            int start = Math.Max(0, end - length[end]);
            double third = (end - start) / 3.0;
            return Math.Min(end, start + (int)third + (int)(third / 2));
        }

        /// <summary>A rate or loss in 3 significant digits: 0.00231, 2.26, 1e-07, 5.34e-07.</summary>
        public static string Format(double value) =>
            value != 0 && double.IsFinite(value) && (Math.Abs(value) < 1e-3 || Math.Abs(value) >= 1e5)
                ? value.ToString("0.##e-00", System.Globalization.CultureInfo.InvariantCulture)
                : value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

        static Dictionary<string, Tensor> Snapshot(nn.Module model)
        {
            var copies = new Dictionary<string, Tensor>();
            using (no_grad())
                foreach (var (key, tensor) in model.state_dict())
                    copies[key] = tensor.detach().clone();
            return copies;
        }

        /// <summary>Copies every saved tensor back in place (onto whatever device the model now lives), so references to the parameters stay valid.</summary>
        static void Restore(nn.Module model, Dictionary<string, Tensor> saved)
        {
            using (no_grad())
                foreach (var (key, tensor) in model.state_dict())
                    tensor.copy_(saved[key]);
            foreach (var copy in saved.Values) copy.Dispose();
        }
    }
}
