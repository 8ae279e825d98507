using System.Collections.Generic;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// The run as observers see it: the model, its optimizer, the options and task, where the run stands, and a
    /// way to stop it (Keras' <c>model.stop_training = True</c>, Lightning's <c>trainer.should_stop</c>). One instance
    /// lives for the whole run; <see cref="BatchContext"/> and <see cref="EpochContext"/> point back to it.
    /// </summary>
    public sealed class TrainingContext
    {
        internal TrainingContext(nn.Module<Tensor, Tensor> model, IOptimizer optimizer, TrainerOptions options, ITrainingTask task, TrainingData data)
        {
            Model = model;
            Optimizer = optimizer;
            Options = options;
            Task = task;
            Data = data;
        }

        /// <summary>The model being trained (on <see cref="TrainerOptions.ResolveDevice"/>).</summary>
        public nn.Module<Tensor, Tensor> Model { get; }

        /// <summary>The optimizer: its <see cref="IOptimizer.LearningRate"/> and <see cref="IOptimizer.StepCount"/>.</summary>
        public IOptimizer Optimizer { get; }

        /// <summary>The options the run was started with (defaults resolved).</summary>
        public TrainerOptions Options { get; }

        /// <summary>The task: loss, headline metric name, target checks.</summary>
        public ITrainingTask Task { get; }

        /// <summary>The data being trained and tested on.</summary>
        public TrainingData Data { get; }

        /// <summary>The current one-based epoch (0 before the first).</summary>
        public int Epoch { get; internal set; }

        /// <summary>Optimizer steps taken so far over the whole run (a resumed run counts the steps before it).</summary>
        public long GlobalStep { get; internal set; }

        /// <summary>
        /// What the run found slow or doubtful before it began, in words (bf16-mixed on a CPU without AVX512-BF16 or AMX,
        /// emulated and slower than fp32); empty when nothing. The CLI prints these; a library writes no console.
        /// </summary>
        public IReadOnlyList<string> Warnings { get; internal init; } = System.Array.Empty<string>();

        /// <summary>True once an observer asked to stop.</summary>
        public bool StopRequested => StopReason != null;

        /// <summary>Why the run stops early, as the observer put it; null while it runs on.</summary>
        public string? StopReason { get; private set; }

        /// <summary>
        /// Ends the run after the current step: the epoch's test evaluation still runs, a mid-epoch stop saves a
        /// checkpoint at that step (so <c>Resume</c> continues from it), and the result says why it stopped.
        /// </summary>
        public void Stop(string reason) => StopReason ??= reason;
    }

    /// <summary>
    /// One finished optimizer step. The tensors belong to the step and are disposed when it ends: read them
    /// (<c>Loss.item&lt;float&gt;()</c>, a metric on <see cref="Output"/>) but do not keep them.
    /// </summary>
    public sealed class BatchContext
    {
        internal BatchContext(TrainingContext run, Tensor images, Tensor targets, Tensor output, Tensor loss, StepProgress progress)
        {
            Run = run;
            Images = images;
            Targets = targets;
            Output = output;
            Loss = loss;
            Progress = progress;
        }

        /// <summary>The run (model, optimizer, stop).</summary>
        public TrainingContext Run { get; }

        /// <summary>The batch's inputs, [B, C, H, W]: as the model saw them, so mixed with <see cref="TrainerOptions.MixupAlpha"/> or <see cref="TrainerOptions.CutMixAlpha"/>.</summary>
        public Tensor Images { get; }

        /// <summary>The batch's targets (labels, masks or box grids, as the task reads them); for a mixed batch the dominant label of each sample, as training accuracy scores it.</summary>
        public Tensor Targets { get; }

        /// <summary>The model's output for the batch (detached).</summary>
        public Tensor Output { get; }

        /// <summary>The loss the step minimised (the task's or <see cref="TrainerOptions.Loss"/>), detached.</summary>
        public Tensor Loss { get; }

        /// <summary>The step's position, running mean loss, throughput and learning rate.</summary>
        public StepProgress Progress { get; }

        /// <summary>The step's loss as a number.</summary>
        public double LossValue => Progress.Loss;
    }

    /// <summary>
    /// An epoch whose training and test evaluation are done but whose metrics are not yet recorded: observers read
    /// them here and add their own with <see cref="AddMetric"/>, which then appear in <c>metrics.csv</c>/<c>metrics.json</c>,
    /// TensorBoard and <see cref="EpochMetrics.Custom"/>.
    /// </summary>
    public sealed class EpochContext
    {
        readonly Dictionary<string, double> custom = new Dictionary<string, double>();

        internal EpochContext(TrainingContext run, int epoch, double trainLoss, double trainMetric, EvaluationResult test)
        {
            Run = run;
            Epoch = epoch;
            TrainLoss = trainLoss;
            TrainMetric = trainMetric;
            Test = test;
        }

        /// <summary>The run (model, optimizer, stop).</summary>
        public TrainingContext Run { get; }

        /// <summary>The one-based epoch.</summary>
        public int Epoch { get; }

        /// <summary>Mean training loss over the epoch's batches.</summary>
        public double TrainLoss { get; }

        /// <summary>The task's headline metric over the training batches (NaN when the task measures none in training).</summary>
        public double TrainMetric { get; }

        /// <summary>
        /// The epoch's evaluation: the test split's loss, headline metric and details, or the validation split's when the run has one
        /// (<see cref="TrainerOptions.ValidationFraction"/>; the test split is then scored once, after the last epoch).
        /// </summary>
        public EvaluationResult Test { get; }

        /// <summary>Metrics observers added so far, by name.</summary>
        public IReadOnlyDictionary<string, double> Custom => custom;

        /// <summary>Records <paramref name="value"/> under <paramref name="name"/> (letters, digits, '_', '.', '-'; a later add replaces it).</summary>
        public void AddMetric(string name, double value)
        {
            if (string.IsNullOrWhiteSpace(name) || !System.Linq.Enumerable.All(name, c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-'))
                throw new System.ArgumentException($"metric name '{name}' must be letters, digits, '_', '.' or '-'", nameof(name));
            custom[name] = value;
        }
    }
}
