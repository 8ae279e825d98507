using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// How a <see cref="Trainer"/> runs: optimizer, schedule, regularization, checkpoints and stopping. What is not
    /// set here comes from the model's card (<see cref="WithCard"/>), then from the defaults below.
    /// </summary>
    public sealed partial record TrainerOptions
    {
        /// <summary>Epochs to train (at least 1).</summary>
        public int Epochs { get => epochs ?? 1; init { epochs = value; cardFilled &= ~CardFilled.Epochs; } }
        /// <summary>
        /// Samples per batch (per micro-batch with <see cref="Accumulate"/>). Data opened as batches already
        /// (<see cref="Data.DataSource.OpenBatches"/>) trains at the batch size it was opened with: setting another one here is an error.
        /// </summary>
        public int BatchSize { get => batchSize ?? 32; init { batchSize = value; cardFilled &= ~CardFilled.BatchSize; } }

        /// <summary>Peak rate; default 0.005 for SGD (ResNet-18 on the shapes set stalls at chance with 0.05), 0.001 for AdamW and LAMB.</summary>
        public double LearningRate { get => learningRate ?? (Optimizer.IsAdaptive() ? 1e-3 : 0.005); init { learningRate = value; fromCard &= ~CardRecipe.LearningRate; } }

        /// <summary>
        /// Learning-rate multipliers by parameter-name prefix (PyTorch's parameter groups with their own lr):
        /// <c>LearningRateScales.Parse("backbone=0.1")</c> for a fine-tuned backbone. Null: the model card's, else none.
        /// </summary>
        public LearningRateScales? LearningRateScales { get => learningRateScales; init { learningRateScales = value; cardFilled &= ~CardFilled.LearningRateScales; } }
        LearningRateScales? learningRateScales;

        /// <summary>SGD with momentum, AdamW, or LAMB (AdamW with a layer-wise trust ratio, for very wide layers).</summary>
        /// <remarks>Set on options a card already filled (<c>network.TrainingDefaults() with { Optimizer = … }</c>), another optimizer than the
        /// card's drops the rate, momentum, Nesterov and weight decay the card gave for its own, as <see cref="WithCard"/> would.</remarks>
        public OptimizerKind Optimizer
        {
            get => optimizer ?? OptimizerKind.Sgd;
            init
            {
                optimizer = value;
                cardFilled &= ~CardFilled.Optimizer;
                if (cardOptimizer is OptimizerKind card && card != value) DropCardRecipe();
            }
        }
        /// <summary>SGD momentum.</summary>
        public double Momentum { get => momentum ?? 0.9; init { momentum = value; fromCard &= ~CardRecipe.Momentum; } }
        /// <summary>SGD with Nesterov momentum.</summary>
        public bool Nesterov { get => nesterov ?? false; init { nesterov = value; fromCard &= ~CardRecipe.Nesterov; } }

        /// <summary>Null: 5e-4 for SGD, 0.01 for AdamW and LAMB (decoupled, so it needs a larger value).</summary>
        public double? WeightDecay { get => weightDecay; init { weightDecay = value; fromCard &= ~CardRecipe.WeightDecay; } }
        double? weightDecay;

        /// <summary>No weight decay on parameters of at most one dimension (biases, norm scales and shifts).</summary>
        public bool ExemptNormsAndBiasesFromDecay { get => exemptNormsAndBiasesFromDecay ?? true; init => exemptNormsAndBiasesFromDecay = value; }
        bool? exemptNormsAndBiasesFromDecay;

        /// <summary>How the rate moves over the run: warm-up then cosine decay, step decay, or one-cycle.</summary>
        public ScheduleKind Schedule { get => schedule ?? ScheduleKind.Cosine; init { schedule = value; cardFilled &= ~CardFilled.Schedule; } }

        /// <summary>Linear warm-up steps (cosine and step schedules); null picks 3% of all steps (at most 100).</summary>
        public int? WarmupSteps { get; init; }

        /// <summary>Classification: the share of each target spread over the other classes (0: none).</summary>
        public double LabelSmoothing { get => labelSmoothing ?? 0; init { labelSmoothing = value; cardFilled &= ~CardFilled.LabelSmoothing; } }

        /// <summary>
        /// Keep an exponential moving average of the weights with this decay (e.g. 0.999; timm's and torchvision's
        /// <c>--model-ema</c>, Keras's <c>use_ema</c>) and evaluate, checkpoint and finish with the averaged weights
        /// (<see cref="ModelEma"/>); null: no average.
        /// </summary>
        public double? EmaDecay { get; init; }

        /// <summary>
        /// Classification: Mixup each training batch with λ ~ Beta(α, α) drawn with this α (torchvision's and timm's
        /// <c>--mixup-alpha</c>, e.g. 0.2): images λx + (1−λ)x′ with x′ the batch rolled by one, targets mixed alike
        /// (<see cref="BatchMixing"/>). With <see cref="CutMixAlpha"/> too, one of the two per batch. Null or 0: off.
        /// </summary>
        public double? MixupAlpha { get => mixupAlpha; init { mixupAlpha = value; cardFilled &= ~CardFilled.Mixup; } }
        double? mixupAlpha;

        /// <summary>
        /// Classification: CutMix each training batch (torchvision's and timm's <c>--cutmix-alpha</c>, e.g. 1.0): a box
        /// of the rolled batch pasted in, λ ~ Beta(α, α) setting its area and then corrected to the clipped box's. Null or 0: off.
        /// </summary>
        public double? CutMixAlpha { get => cutMixAlpha; init { cutMixAlpha = value; cardFilled &= ~CardFilled.CutMix; } }
        double? cutMixAlpha;

        /// <summary>Whether training batches are mixed (<see cref="MixupAlpha"/> or <see cref="CutMixAlpha"/> above 0).</summary>
        public bool Mixes => MixupAlpha > 0 || CutMixAlpha > 0;

        /// <summary>Clip gradients to this global L2 norm; null: no clipping.</summary>
        public double? ClipNorm { get; init; }

        /// <summary>
        /// Stop after this many epochs without a better <see cref="Monitor"/>ed test value (Keras's <c>EarlyStopping(patience=…)</c>);
        /// null: run every epoch. The run's <see cref="TrainingResult.StopReason"/> then says so, and <see cref="ConsoleProgress"/> prints it.
        /// Resuming, with more <see cref="Epochs"/>, a run that stopped early continues it: patience counts again from the resumed epoch.
        /// </summary>
        public int? Patience { get; init; }

        /// <summary>
        /// What the best epoch is judged by (on the validation split with <see cref="ValidationFraction"/>, else on the test split),
        /// for <see cref="Patience"/>, <c>best.bin</c> and <see cref="RestoreBestWeights"/>: the task's
        /// test metric, higher is better (<see cref="StopMonitor.Metric"/>, the default), or the test loss, lower is better (<see cref="StopMonitor.Loss"/>).
        /// </summary>
        public StopMonitor Monitor { get; init; }

        /// <summary>
        /// At the end of the run, load the best epoch's weights (by <see cref="Monitor"/>) into the model and evaluate them, so the
        /// model in memory and <see cref="TrainingResult.Test"/> are the best epoch's (Keras's <c>restore_best_weights</c>). False
        /// (the default): the model keeps its last epoch's weights; <c>best.bin</c> under <see cref="OutDir"/> holds the best ones either way.
        /// </summary>
        public bool RestoreBestWeights { get; init; }

        /// <summary>
        /// Hold this share of the training split out as a validation split (Keras's <c>validation_split</c>), in (0, 0.5]: every epoch is
        /// evaluated on it instead of the test split, so <see cref="Monitor"/>, <see cref="Patience"/>, <c>best.bin</c> and
        /// <see cref="RestoreBestWeights"/> never look at test data, and the test split is scored once, at the end, on the weights the run
        /// leaves (<see cref="TrainingResult.Test"/>). In-memory data is carved by the trainer (<see cref="TrainingData.From(Data.DataSplits, int, int, double?)"/>,
        /// per class, drawn with <see cref="Seed"/>); file data is opened with it (<see cref="Data.DataSource.OpenBatches"/>' validationFraction).
        /// Recorded in checkpoints: a resume must hold the same split. Null or 0: no validation split, every epoch evaluated on test (as before).
        /// </summary>
        public double? ValidationFraction { get; init; }

        /// <summary>Whether <see cref="ValidationFraction"/> asks for a validation split.</summary>
        public bool Validates => ValidationFraction is double f && f != 0;

        /// <summary>Also checkpoint every this many steps within an epoch (0: only at epoch ends).</summary>
        public int CheckpointEvery { get; init; }

        /// <summary>Picks the loss and metrics.</summary>
        public ModelTask Task { get => task ?? ModelTask.Classification; init => task = value; }

        /// <summary>Detection: boxes each grid cell predicts (YOLOv1's B).</summary>
        public int BoxesPerCell { get; init; } = 2;

        /// <summary>
        /// Seeds the randomness of training itself: the training batches' order, Mixup/CutMix, and torch's generator at the start of
        /// every epoch (dropout, random augmentation). It does not cover the initial weights, drawn when the network is constructed,
        /// before the trainer sees these options: call <see cref="Reproducibility.Seed"/> before <c>new MyNet()</c> (Lightning's
        /// <c>seed_everything</c>) for a run that repeats exactly.
        /// </summary>
        public int Seed { get; init; }

        /// <summary>Where checkpoints, metrics and curves go; null writes nothing.</summary>
        public string? OutDir { get; init; }

        /// <summary>Continue from <c>OutDir/checkpoint.bin</c> where it stopped (an epoch end or a mid-epoch step).</summary>
        public bool Resume { get; init; }

        /// <summary>The data source as the user named it (<c>mnist:DIR</c>), kept in checkpoints for resume checks; null: the data's name.</summary>
        public string? DataSource { get; init; }

        /// <summary>
        /// The training augmentation the data was opened with, as <see cref="Data.Augmentations.AugmentationOptions"/> writes it
        /// (<c>crop,flip</c>, <c>none</c>); kept in checkpoints so a resume can open its data the same way, and shown in
        /// <see cref="Describe"/>. Descriptive only: the data applies augmentation (<see cref="Data.DataSource.OpenBatches"/>'s
        /// <c>augment</c>), not the trainer. Null: not recorded.
        /// </summary>
        public string? Augmentation { get; init; }

        /// <summary>Cancelled (Ctrl-C, SIGTERM): the step under way finishes, a checkpoint is written, and Run throws <see cref="TrainingStoppedException"/>.</summary>
        public System.Threading.CancellationToken Stop { get; init; }

        /// <summary>Null: CUDA when available, else CPU. <c>DeviceSpec.Parse("cuda:1")</c> reads the CLI's spelling and says what to add when CUDA is absent.</summary>
        public Device? Device { get; init; }

        /// <summary>
        /// What convolutions and linear layers compute in (train and test forwards); see <see cref="NetDsl.Precision"/>.
        /// Unset: the model card's where it is fast on <see cref="ResolveDevice"/> (<see cref="PrecisionSupport.IsFast"/>), else fp32.
        /// </summary>
        public Precision Precision { get => precision ?? Precision.Fp32; init { precision = value; cardFilled &= ~CardFilled.Precision; } }
        Precision? precision;

        /// <summary>Micro-batches of <see cref="BatchSize"/> whose gradients add up before one optimizer step (effective batch = both multiplied).</summary>
        public int Accumulate { get => accumulate ?? 1; init => accumulate = value; }
        int? accumulate;

        /// <summary>A loss to minimise instead of the task's (training and test loss); null: the task's.</summary>
        public LossFunction? Loss { get; init; }

        /// <summary>
        /// Recorded in the checkpoint so a resume with another model is refused. Unset, the trainer names the model itself
        /// (<see cref="NameOf"/>: its card's or catalogue name, else its type's), so two hand-built option sets never share a name.
        /// </summary>
        public string ModelName { get => modelName ?? UnnamedModel; init => modelName = value; }
        string? modelName;

        /// <summary>The name an unset <see cref="ModelName"/> reads as, and what checkpoints of such options recorded before the trainer named models itself.</summary>
        internal const string UnnamedModel = "model";

        /// <summary>The name checkpoints record for <paramref name="model"/> when <see cref="ModelName"/> is unset: its card's (the catalogue name), else its type's in lower case.</summary>
        public static string NameOf(nn.Module model) => (model as Network)?.Card?.Model ?? model.GetType().Name.ToLowerInvariant();

        /// <summary>
        /// The class count the model was built with when it is not its declaration's (a head sized to the data, or
        /// <c>--classes</c>); recorded in checkpoints so <c>eval</c>, <c>infer</c> and <c>export</c> rebuild the same head. Null: the declared head.
        /// </summary>
        public int? Classes { get; init; }

        /// <summary>
        /// Constructor arguments the model was built with (<c>--arg auxLogits=false</c>, canonical text of
        /// <see cref="ModelArguments"/>); recorded in checkpoints so a resume, <c>eval</c>, <c>infer</c> and <c>export</c>
        /// rebuild the same network. Null: the declaration's defaults.
        /// </summary>
        public string? Arguments { get; init; }

        /// <summary>The device the run uses: <see cref="Device"/>, else CUDA when available, else CPU.</summary>
        public Device ResolveDevice() => Device ?? (cuda.is_available() ? CUDA : CPU);

        /// <summary><see cref="WeightDecay"/>, or the optimizer's default when it is null.</summary>
        public double ResolvedWeightDecay => WeightDecay ?? (Optimizer.IsAdaptive() ? 0.01 : 5e-4);

        /// <summary>
        /// The optimizer these options describe, over <paramref name="model"/>'s trainable parameters (frozen ones are left
        /// out); with <see cref="EmaDecay"/>, one that also keeps the weights' average (create it after the model is on its device).
        /// </summary>
        public IOptimizer CreateOptimizer(nn.Module model) =>
            EmaDecay is double decay ? new AveragingOptimizer(CreateBaseOptimizer(model), new ModelEma(model, decay)) : CreateBaseOptimizer(model);

        IOptimizer CreateBaseOptimizer(nn.Module model) => Optimizer switch
        {
            OptimizerKind.AdamW => new AdamWOptimizer(model, LearningRate, ResolvedWeightDecay, exemptNormsAndBiases: ExemptNormsAndBiasesFromDecay, scales: LearningRateScales),
            // timm's Lamb defaults: ε 1e-6 (its ratio divides by the update's norm, so a tiny ε lets rare weights dominate).
            OptimizerKind.Lamb => new AdamWOptimizer(model, LearningRate, ResolvedWeightDecay, epsilon: 1e-6, exemptNormsAndBiases: ExemptNormsAndBiasesFromDecay,
                scales: LearningRateScales, trustRatio: true),
            _ => new MomentumSgd(model, LearningRate, Momentum, ResolvedWeightDecay, Nesterov, ExemptNormsAndBiasesFromDecay, LearningRateScales),
        };

        /// <summary>
        /// The task's evaluation loss and metrics (per-class names for classification, segmentation and detection), with
        /// <see cref="Loss"/> in place of the task's loss when set: the plain task loss, without <see cref="LabelSmoothing"/> or
        /// class weights, so a test loss compares across runs and equals <c>eval</c>'s (timm's validate scores plain cross-entropy too).
        /// </summary>
        public ITrainingTask CreateTask(System.Collections.Generic.IReadOnlyList<string>? classNames = null) => CreateTask(classNames, 0, null);

        /// <summary>
        /// The loss training minimises: <see cref="CreateTask(System.Collections.Generic.IReadOnlyList{string}?)"/>'s with
        /// <see cref="LabelSmoothing"/> and <paramref name="classWeights"/> (<see cref="ClassWeightsFor"/>); only the training loss uses it.
        /// </summary>
        public ITrainingTask CreateTrainingTask(System.Collections.Generic.IReadOnlyList<string>? classNames, System.Collections.Generic.IReadOnlyList<double>? classWeights) =>
            CreateTask(classNames, LabelSmoothing, classWeights);

        /// <summary>Before 0.9.1 this two-argument form built the training loss; it still does, under its new name's rule.</summary>
        [System.Obsolete("CreateTask(names, weights) built the loss training minimises: call CreateTrainingTask(names, weights). CreateTask(names) is the evaluation loss (no label smoothing, no weights).")]
        [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
        public ITrainingTask CreateTask(System.Collections.Generic.IReadOnlyList<string>? classNames, System.Collections.Generic.IReadOnlyList<double>? classWeights) =>
            CreateTrainingTask(classNames, classWeights);

        ITrainingTask CreateTask(System.Collections.Generic.IReadOnlyList<string>? classNames, double labelSmoothing, System.Collections.Generic.IReadOnlyList<double>? classWeights)
        {
            ITrainingTask task = Task == ModelTask.Segmentation
                ? new SegmentationTask(classNames, classWeights)
                : TrainingTasks.Create(Task, new TaskOptions(labelSmoothing, BoxesPerCell) { ClassWeights = classWeights });
            if (task is ClassificationTask classification) classification.ClassNames = classNames;   // per-class report keyed by name
            if (task is DetectionTask detection) detection.ClassNames = classNames;   // per-class AP keyed by name
            return Loss == null ? task : new CustomLossTask(task, Loss);
        }
    }
}
