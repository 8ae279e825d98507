using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using Spectre.Console;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>train MODEL [--data …] [--input CxHxW] [--epochs N] [--batch N] [--lr X] [--out DIR] [--resume] [--seed N]
    /// [--weights FILE [--classes N] [--freeze] [--data-stats]] [--optimizer sgd|adamw|lamb] [--nesterov] [--schedule cosine|step|onecycle] [--warmup N]
    /// [--weight-decay X] [--decay-all] [--label-smoothing X] [--clip X] [--patience N] [--monitor metric|loss] [--checkpoint-every N] [--tensorboard]
    /// [--precision fp32|bf16-mixed|fp16-mixed] [--accumulate N] [--lr-scale PREFIX=X[,...]] [--augment none|standard|LIST]</c>.
    /// The loss and metrics follow the model's task; the last line is <c>test accuracy: 0.xxxx</c> (classifiers),
    /// <c>test mIoU: 0.xxxx</c>, <c>test PSNR: xx.xx dB</c> or <c>test mAP@0.5: 0.xxxx</c>. <c>--weights</c> starts
    /// from a safetensors or PyTorch <c>.pth</c> state dict, loaded strictly (any missing, unexpected or mis-shaped key is an error)
    /// unless <c>--classes</c> asks for another head or the weights' head has another width than the data's class count
    /// (then the head is the data's, re-initialised; see <see cref="FineTuneArguments"/>).
    /// </summary>
    internal static class TrainCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            DataSource data = DataSourceSyntax.Parse(args.Value("data") ?? "shapes");
            TaskData.CheckSource(entry, data);
            var requested = args.Shape("input");
            var options = TrainOptionsParser.Parse(args, entry) with { DataSource = RecordedData(data) };
            PrecisionOption.Check(options.Precision, options.ResolveDevice(), console);
            var fineTune = FineTuneArguments.Parse(args);
            var given = ModelBuild.Arguments(args, entry);   // a bad --arg is a usage error before the folder is claimed
            var augment = AugmentOption.Read(args, data);
            if (data.Directory != null && !Directory.Exists(data.Directory))
                throw new DirectoryNotFoundException($"{data.Directory}: folder not found (--data {data})");
            string? weights = args.Value("weights");
            if (weights != null && options.Resume)
                throw new CliUsageException("--weights and --resume cannot be combined: a resumed run continues from its checkpoint's weights");
            if (weights != null && !File.Exists(weights)) throw new FileNotFoundException($"{weights}: weights file not found", weights);
            if (args.Flag("data-stats") && weights == null) throw new CliUsageException("--data-stats needs --weights: it sets aside the normalisation the weights record");
            // Weights that record their normalisation (NetDsl's exports, train.py) train on images prepared alike, so eval and predict
            // of the result (which read the run's statistics) see what training saw; --data-stats keeps the data's own.
            var recordedNormalize = weights != null && data.IsFileBacked && !args.Flag("data-stats") ? WeightSource.RecordedNormalization(weights) : null;
            string checkpoint = Path.Combine(options.OutDir!, Checkpoint.FileName);
            // Read before the folder is claimed: a missing or corrupt checkpoint is named (with best.bin when that still reads).
            var resumed = options.Resume ? Checkpoint.ReadInfoToResume(options.OutDir!) : null;
            // What the resume command line does not give keeps the run's recorded value (not the card's or the default);
            // what it gives and differs is reported below as an override, or refused where the run cannot continue with it.
            if (resumed?.Settings is RunSettings runSettings)
            {
                var parsedPrecision = options.Precision;
                options = TrainOptionsParser.Parse(args, entry, runSettings) with { DataSource = RecordedData(data) };
                if (options.Precision != parsedPrecision) PrecisionOption.Check(options.Precision, options.ResolveDevice(), console);
                if (TrainOptionsParser.MonitorOverride(args, runSettings, options) is string monitor) console.Error.WriteLine(monitor);
            }
            // The seed too: without --seed the run's own continues (another one given is still refused by the resume).
            if (resumed != null && args.Value("seed") == null) options = options with { Seed = resumed.Seed };
            // --train-images and --test-images size the shapes set, and draw a seeded subset of file data (a resumed run re-reads the
            // subset it recorded); data held whole in memory (mnist:) is refused rather than silently read whole.
            var (subsetTrain, subsetTest) = SubsetOption.Read(args, data, resumed);
            using var claim = OutFolderGuard.Claim(options);
            // File data is augmented as --augment says, else as the resumed run recorded, else the standard crop and flip.
            if (data.IsFileBacked)
            {
                augment ??= resumed?.Settings?.Augment is string recorded ? AugmentationOptions.Parse(recorded) : AugmentationOptions.Standard;
                options = options with { Augmentation = augment.ToString() };
            }
            // A resumed run rebuilds the head its checkpoint records; a fresh one without --weights sizes it to the data.
            var arguments = Arguments(given, entry, resumed, weights);
            // From --weights without the card's arguments (Inception v3's auxLogits=false), the card's input may not suit the network.
            bool cardInput = weights == null || entry.Card.Arguments.IsEmpty;
            var chosen = TrainingInputChooser.Choose(entry, data, requested, options.Seed, fineTune.Classes ?? resumed?.Settings?.Classes, arguments, cardInput);
            int trainImages = args.Value("train-images") != null ? args.Int("train-images", 1, 1) : entry.Card.TrainImages ?? ShapesDataset.DefaultTrainCount;
            int testImages = args.Value("test-images") != null ? args.Int("test-images", 1, 1) : entry.Card.TestImages ?? ShapesDataset.DefaultTestCount;
            (chosen, var splits) = chosen.OpenData(entry, sizeHead: fineTune.Classes == null && weights == null && resumed == null, options.Seed,
                built => RunData.Open(entry, built, data, chosen.Input, options.Seed, options.BatchSize, trainImages, testImages, augment,
                    normalize: recordedNormalize, subsetTrain: subsetTrain, subsetTest: subsetTest, validationFraction: options.ValidationFraction,
                    prefetch: WorkersOption.Read(args)));
            // From --weights without --classes the head follows the data too: one of another width is re-initialised, as --classes would.
            // The file is read once, for its head's width and then for the load below.
            WeightFile? weightFile = null;
            if (weights != null && fineTune.Classes == null && resumed == null)
            {
                try
                {
                    weightFile = WeightFile.Read(weights);
                    if (FineTuneArguments.HeadWidth(chosen.Network, weightFile) is int weightsHead)
                        chosen = chosen.ForWeights(entry, splits.ClassCount, weightsHead, options.Seed);
                }
                catch
                {
                    weightFile?.Dispose();
                    splits.Dispose();
                    chosen.Network.Dispose();
                    throw;
                }
            }
            using var network = chosen.Network;
            using var ownedSplits = splits;
            using var readWeights = weightFile;
            options = options with { Classes = chosen.Classes ?? fineTune.Classes ?? resumed?.Settings?.Classes, Arguments = arguments.IsEmpty ? null : arguments.ToString() };
            string task = entry.Task == ModelTask.Classification ? "" : "  task: " + entry.Task.ToString().ToLowerInvariant();
            string precision = options.Precision == Precision.Fp32 ? "" : "  precision: " + options.Precision.Name();
            string accumulate = options.Accumulate == 1 ? "" : $"  accumulate: {options.Accumulate} (effective batch {options.Accumulate * options.BatchSize})";
            string built = arguments.IsEmpty ? "" : "  arguments: " + arguments;
            console.Out.WriteLine($"model: {entry.Name}  input: {chosen.Input} ({chosen.Reason}){chosen.HeadNote}{built}{task}{precision}{accumulate}");
            console.Out.WriteLine("recipe: " + options.Describe());
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "data: {0} ({1} train / {2}{3} test, {4} classes)  device: {5}{6}  out: {7}",
                data, splits.TrainCount, splits.ValidationCount > 0 ? splits.ValidationCount + " validation / " : "", splits.TestCount, splits.ClassCount,
                options.ResolveDevice().type, DeviceOption.Threads(options.ResolveDevice()), options.OutDir));
            // As PyTorch's DataLoader without drop_last: the recipe's batch is not what a step sees.
            if (splits.TrainCount > 0 && options.BatchSize > splits.TrainCount)
                console.Out.WriteLine($"note: --batch {options.BatchSize} is more than the {splits.TrainCount} training images: each epoch is one step of {splits.TrainCount}");
            if (splits.Batches.Subset is { } subset) console.Out.WriteLine(SubsetOption.Line(subset));
            // A resumed run's settings first: another data source is named as such, not as a head that does not fit it.
            if (resumed is CheckpointInfo info)
            {
                string within = info.Position is { StepInEpoch: > 0 } p ? $", step {p.StepInEpoch} of epoch {info.Epoch + 1}" : "";
                console.Out.WriteLine($"resuming from {checkpoint} after epoch {info.Epoch}{within}");
                foreach (string change in RunSettings.Compare(checkpoint, info, RunSettings.From(options with { DataSource = data.ToString() }, splits.Batches, network), ResumeFlag))
                    console.Out.WriteLine("resume overrides " + change);
                SplitNotices.ListingChanged(console, data.ToString(), info.Settings, splits.Batches.Split, evaluating: false);
            }
            SplitNotices.ClassesWithoutTest(console, data.ToString(), splits.ClassesWithoutTest);
            TaskData.CheckOutput(entry, network, splits.Name, splits.ClassNames, chosen.Input, splits.ClassOrigin);
            TrainOptionsParser.CheckClassWeights(options, network, splits.ClassNames);
            // A head wider than the data (--classes, or weights with more outputs) trains; its extra outputs are never a target.
            if (entry.Task == ModelTask.Classification && fineTune.Classes is int asked && asked > splits.ClassCount)
                console.Out.WriteLine($"note: --classes {asked} for data with {splits.ClassCount} classes: outputs {splits.ClassCount}..{asked - 1} are never a target " +
                    "(leave --classes out to size the head to the data)");
            if (entry.Task == ModelTask.Detection) options = options with { BoxesPerCell = TaskData.BoxesPerCell(entry, network, splits.ClassCount) };
            if (recordedNormalize != null)
                console.Out.WriteLine($"normalisation: {NetDsl.Weights.NormalizeMetadata.Json(recordedNormalize.Mean, recordedNormalize.Std)} (recorded in {weights}; --data-stats for the data's own)");
            bool namedClasses = entry.Task is ModelTask.Classification or ModelTask.Segmentation;
            if (weights != null) fineTune.Load(network, weights, console.Out, newHead: chosen.WeightsClasses != null, weightFile, namedClasses ? splits.ClassNames : null);
            if (FineTuneArguments.Refreeze(network, resumed?.Settings) is string refrozen) console.Out.WriteLine(refrozen);

            using var stop = StopSignals.Listen(console);
            // The progress display, TensorBoard where asked, and the trainer's warnings on stderr.
            ITrainingObserver Observed(ITrainingObserver progress) =>
                TensorBoardOption.With(args, options, new ObserverList(progress, new TrainerWarnings(console)), console.Out);
            var trainer = new Trainer(network, splits.Batches, options with { Stop = stop.Token }) { OutDirClaim = claim };
            TrainingResult result;
            try
            {
                if (console.Interactive)
                {
                    TrainingResult? done = null;
                    console.Ansi.Progress().AutoClear(false)
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                        .Start(context => done = trainer.Run(Observed(new SpectreProgressObserver(context, console.Ansi))));
                    result = done!;
                }
                else
                {
                    result = trainer.Run(Observed(new PlainProgressObserver(console.Out, args.Number("progress-every", 0) ?? PlainProgressObserver.DefaultSeconds)));
                }
            }
            catch (TrainingStoppedException stopped)
            {
                return stop.Report(console, stopped);
            }
            RunReport.WriteArtifacts(entry, network, splits, options, result);
            RunReport.Summary(console, result, options);
            console.Out.WriteLine(RunReport.ResultLine(result.Test.MetricName, result.Test.Metric));
            return ExitCodes.Success;
        }

        /// <summary>
        /// The constructor arguments the run builds with: the model card's, each overridden by <c>--arg</c>; a resumed run
        /// without <c>--arg</c> takes its checkpoint's (one with <c>--arg</c> must match them, <see cref="RunSettings.Compare"/>);
        /// a run from <c>--weights</c> only <c>--arg</c>'s, so the card does not drop layers the weights hold.
        /// </summary>
        static ModelArguments Arguments(ModelArguments? given, ModelEntry entry, CheckpointInfo? resumed, string? weights)
        {
            if (given == null && resumed?.Settings is RunSettings settings) return ModelArguments.Parse(settings.Arguments);
            var card = weights == null ? entry.Card.Arguments : ModelArguments.None;
            return card.With(given ?? ModelArguments.None);
        }

        /// <summary>
        /// The data source as the run records it: a folder-based one by its full path, so <c>eval --checkpoint</c> and <c>--resume</c>
        /// find the data from another working folder (the output and a refused resume still name what was typed).
        /// </summary>
        static string RecordedData(DataSource data) =>
            data.Directory == null ? data.ToString() : data.KindName + ":" + Path.TrimEndingDirectorySeparator(Path.GetFullPath(data.Directory));

        /// <summary>The flag of a <see cref="TrainerOptions"/> property that <see cref="RunSettings.Compare"/> reports as overridden.</summary>
        static string ResumeFlag(string property) => "--" + property switch
        {
            nameof(TrainerOptions.BatchSize) => "batch",
            nameof(TrainerOptions.LearningRate) => "lr",
            nameof(TrainerOptions.Augmentation) => "augment",
            nameof(TrainerOptions.EmaDecay) => "ema",
            nameof(TrainerOptions.MixupAlpha) => "mixup",
            nameof(TrainerOptions.CutMixAlpha) => "cutmix",
            nameof(TrainerOptions.ClassWeights) => "class-weights",
            nameof(TrainerOptions.WeightDecay) => "weight-decay",
            nameof(TrainerOptions.ExemptNormsAndBiasesFromDecay) => "decay-all",
            nameof(TrainerOptions.WarmupSteps) => "warmup",
            nameof(TrainerOptions.LabelSmoothing) => "label-smoothing",
            nameof(TrainerOptions.ClipNorm) => "clip",
            nameof(TrainerOptions.LearningRateScales) => "lr-scale",
            _ => property.ToLowerInvariant(),   // Schedule, Precision, Epochs, Momentum, Nesterov, Accumulate
        };
    }
}
