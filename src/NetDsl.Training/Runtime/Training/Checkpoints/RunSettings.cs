using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// How a run was started, kept in its checkpoints so <c>--resume</c> can compare: another data source is
    /// refused (the run's history and best checkpoint would mix two data sets); the rest may change and
    /// is reported as an override. In a checkpoint's JSON (<see cref="Checkpoint"/>) a member that is null is left out, so a
    /// setting recorded later reads as absent in older checkpoints and adds nothing to runs without it; only the first three
    /// optional members (<see cref="Classes"/>, <see cref="Arguments"/>, <see cref="Precision"/>) are always written, null
    /// included, as format 3 first wrote them.
    /// </summary>
    public sealed record RunSettings(string Data, int Batch, double LearningRate, string Schedule, int Epochs, string Optimizer)
    {
        /// <summary>The class count the model was built with when not its declared one (<see cref="TrainerOptions.Classes"/>); null: the declared head.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
        public int? Classes { get; init; }

        /// <summary>The constructor arguments the model was built with (<see cref="TrainerOptions.Arguments"/>); null: the declaration's defaults.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
        public string? Arguments { get; init; }

        /// <summary>What convolutions and linear layers computed in (<see cref="TrainerOptions.Precision"/>'s name); null before it was recorded.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
        public string? Precision { get; init; }

        /// <summary>
        /// The training augmentation the data was opened with (<see cref="TrainerOptions.Augmentation"/>, e.g. <c>crop,flip</c>
        /// or <c>none</c>); null before it was recorded, or for data that is not augmented (held in memory).
        /// </summary>
        public string? Augment { get; init; }

        /// <summary>The weights' moving-average decay (<see cref="TrainerOptions.EmaDecay"/>); null: no average (and before it was recorded).</summary>
        public double? Ema { get; init; }

        /// <summary>The data's class names, in the order of the model's outputs (what a prediction reads as labels); null before they were recorded.</summary>
        public IReadOnlyList<string>? ClassNames { get; init; }

        /// <summary>How the data's pixels were normalised (what a prediction must do to its images); null before it was recorded, or not known.</summary>
        public NetDsl.Runtime.Data.Augmentations.Normalize? Normalization { get; init; }

        /// <summary>
        /// The identity of a file folder's train/test split (file counts and hashes of the sorted lists); null for other data and
        /// before it was recorded. <c>--resume</c> and <c>eval --checkpoint</c> compare it with the folder's listing today.
        /// </summary>
        public NetDsl.Runtime.Data.DataSplitFingerprint? Split { get; init; }

        /// <summary>Mixup's α (<see cref="TrainerOptions.MixupAlpha"/>); null: no Mixup (and before it was recorded).</summary>
        public double? Mixup { get; init; }

        /// <summary>CutMix's α (<see cref="TrainerOptions.CutMixAlpha"/>); null: no CutMix (and before it was recorded).</summary>
        public double? CutMix { get; init; }

        /// <summary>The training loss's per-class weights (<see cref="TrainerOptions.ClassWeights"/>, or the balanced ones); null: unweighted.</summary>
        public double[]? ClassWeights { get; init; }

        /// <summary>The weight decay the optimizer applied (<see cref="TrainerOptions.ResolvedWeightDecay"/>); null before it was recorded.</summary>
        public double? WeightDecay { get; init; }

        /// <summary>Whether biases and norm parameters were decayed too (<see cref="TrainerOptions.ExemptNormsAndBiasesFromDecay"/> off); null before it was recorded.</summary>
        public bool? DecayAll { get; init; }

        /// <summary>SGD's momentum (<see cref="TrainerOptions.Momentum"/>); null for another optimizer, or before it was recorded.</summary>
        public double? Momentum { get; init; }

        /// <summary>Whether SGD used Nesterov momentum; null for another optimizer, or before it was recorded.</summary>
        public bool? Nesterov { get; init; }

        /// <summary>The warm-up as <see cref="WarmupText"/> writes it (<c>500 steps</c>, <c>1.5 epochs</c>, <c>default</c>); null before it was recorded.</summary>
        public string? Warmup { get; init; }

        /// <summary>Classification's label smoothing (<see cref="TrainerOptions.LabelSmoothing"/>, 0: none); null before it was recorded.</summary>
        public double? LabelSmoothing { get; init; }

        /// <summary>The gradient norm clipped to (<see cref="TrainerOptions.ClipNorm"/>, 0: no clipping); null before it was recorded.</summary>
        public double? ClipNorm { get; init; }

        /// <summary>Micro-batches per optimizer step (<see cref="TrainerOptions.Accumulate"/>); null before it was recorded.</summary>
        public int? Accumulate { get; init; }

        /// <summary>The learning-rate multipliers' canonical text (<see cref="NetDsl.LearningRateScales.ToString"/>, "" for none); null before it was recorded.</summary>
        public string? LearningRateScales { get; init; }

        /// <summary>The training images drawn from file data (<see cref="TrainingData.Subset"/>, <c>--train-images</c>); null: all of them.</summary>
        public int? TrainImages { get; init; }

        /// <summary>The test images drawn from file data (<see cref="TrainingData.Subset"/>, <c>--test-images</c>); null: all of them.</summary>
        public int? TestImages { get; init; }

        /// <summary>The share of the training split held out for validation (<see cref="TrainerOptions.ValidationFraction"/>); null: none (the test split judged every epoch).</summary>
        public double? ValidationFraction { get; init; }

        /// <summary>What the best epoch was judged by (<see cref="TrainerOptions.Monitor"/>: <c>metric</c> or <c>loss</c>); null before it was recorded (the test metric).</summary>
        public string? Monitor { get; init; }

        /// <summary>
        /// The parameters that do not train (<c>requires_grad</c> false: a backbone frozen by <c>FineTuning.LoadBackbone(…, freeze: true)</c>
        /// or <c>--freeze</c>), by state-dict name, so <c>train --resume</c> freezes them again; null when none.
        /// </summary>
        public IReadOnlyList<string>? Frozen { get; init; }

        /// <summary>The BatchNorm layers kept in inference mode (<see cref="NetDsl.Weights.FrozenBatchNorm"/>), by module name; null when none.</summary>
        public IReadOnlyList<string>? FrozenBatchNorms { get; init; }

        static IReadOnlyList<string>? FrozenParameters(TorchSharp.torch.nn.Module? model)
        {
            var names = model?.named_parameters().Where(p => !p.parameter.requires_grad).Select(p => p.name).ToList();
            return names is { Count: > 0 } ? names : null;
        }

        static IReadOnlyList<string>? FrozenNorms(TorchSharp.torch.nn.Module? model)
        {
            var names = model?.named_modules().Where(m => NetDsl.Weights.FrozenBatchNorm.IsFrozen(m.module)).Select(m => m.name).ToList();
            return names is { Count: > 0 } ? names : null;
        }

        /// <summary>The settings <paramref name="options"/> and <paramref name="data"/> make for <paramref name="model"/> (its head sizes balanced weights), to store in a checkpoint.</summary>
        public static RunSettings From(TrainerOptions options, TrainingData data, TorchSharp.torch.nn.Module? model = null) => new RunSettings(
            options.DataSource ?? data.Name, options.BatchSize, options.LearningRate,
            options.Schedule.ToString().ToLowerInvariant(), options.Epochs, options.Optimizer.ToString().ToLowerInvariant())
        { Classes = options.Classes, Arguments = string.IsNullOrEmpty(options.Arguments) ? null : options.Arguments, Precision = options.Precision.Name(), Augment = options.Augmentation, Ema = options.EmaDecay,
          ClassNames = data.ClassNames, Normalization = data.Normalization, Split = data.Split,
          Mixup = options.MixupAlpha > 0 ? options.MixupAlpha : null, CutMix = options.CutMixAlpha > 0 ? options.CutMixAlpha : null,
          ClassWeights = options.ClassWeightsFor(data, model),
          WeightDecay = options.ResolvedWeightDecay, DecayAll = !options.ExemptNormsAndBiasesFromDecay,
          Momentum = options.Optimizer == OptimizerKind.Sgd ? options.Momentum : null,
          Nesterov = options.Optimizer == OptimizerKind.Sgd ? options.Nesterov : null,
          Warmup = WarmupText(options.WarmupSteps, options.WarmupEpochs), LabelSmoothing = options.LabelSmoothing,
          ClipNorm = options.ClipNorm ?? 0, Accumulate = options.Accumulate, LearningRateScales = options.LearningRateScales?.ToString() ?? "",
          TrainImages = data.Subset?.Train, TestImages = data.Subset?.Test, Monitor = options.Monitor.ToString().ToLowerInvariant(),
          ValidationFraction = data.Validation == null ? null : data.ValidationFraction,
          Frozen = FrozenParameters(model), FrozenBatchNorms = FrozenNorms(model) };

        /// <summary>A warm-up in one canonical text: <c>N steps</c> (<paramref name="steps"/> set), <c>E epochs</c>, else <c>default</c> (3% of the run).</summary>
        public static string WarmupText(int? steps, double? epochs) =>
            steps is int s ? s.ToString(CultureInfo.InvariantCulture) + " steps"
            : epochs is double e ? e.ToString("R", CultureInfo.InvariantCulture) + " epochs" : "default";

        /// <summary>Reads <see cref="WarmupText"/> back: (steps, epochs, whether it names the default); null for text it did not write.</summary>
        public static (int? Steps, double? Epochs, bool Default)? ParseWarmup(string? text)
        {
            if (text == "default") return (null, null, true);
            string[] parts = (text ?? "").Split(' ');
            if (parts.Length != 2) return null;
            if (parts[1] == "steps" && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int steps)) return (steps, null, false);
            if (parts[1] == "epochs" && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double epochs)) return (null, epochs, false);
            return null;
        }

        /// <summary>
        /// Whether two data-source spellings name the same data: the same text, or the same kind of folder-based source whose
        /// folders are one (<c>folder:./ds1/</c>, <c>folder:ds1</c> and <c>folder:/abs/ds1</c> alike; relative paths resolved
        /// against the current folder, compared case-insensitively on Windows).
        /// </summary>
        public static bool SameData(string? a, string? b)
        {
            if (a == b) return true;
            if (a == null || b == null || !NetDsl.Runtime.Data.DataSource.TryParse(a, out var first) || !NetDsl.Runtime.Data.DataSource.TryParse(b, out var second)) return false;
            if (first.Kind != second.Kind || first.Directory == null || second.Directory == null) return first == second;
            return string.Equals(FullFolder(first.Directory), FullFolder(second.Directory),
                System.OperatingSystem.IsWindows() ? System.StringComparison.OrdinalIgnoreCase : System.StringComparison.Ordinal);
        }

        static string FullFolder(string directory)
        {
            try { return Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)); }
            catch (System.Exception e) when (e is System.ArgumentException or System.NotSupportedException or PathTooLongException) { return directory; }
        }

        /// <summary>
        /// What <paramref name="now"/> changes against the settings <paramref name="info"/> recorded, one
        /// "option: run had X, now Y" line each; throws for a change that cannot continue the run. Options are named by
        /// <paramref name="optionName"/> from their <see cref="TrainerOptions"/> property (BatchSize, LearningRate,
        /// Schedule, Precision, Augmentation, EmaDecay, MixupAlpha, CutMixAlpha, Epochs); by default as <c>TrainerOptions.BatchSize</c>, the CLI passes its flags.
        /// </summary>
        public static IReadOnlyList<string> Compare(string checkpoint, CheckpointInfo info, RunSettings now, System.Func<string, string>? optionName = null)
        {
            optionName ??= property => "TrainerOptions." + property;
            var saved = info.Settings;
            if (saved == null) return new[] { "the checkpoint predates recorded settings (format 3): data, batch, rate, schedule and epochs are taken from this run's options unchecked" };
            if (!SameData(saved.Data, now.Data))
                throw new InvalidDataException($"{checkpoint}: the run was trained on {saved.Data}, not {now.Data}; resume it on {saved.Data} (TrainerOptions.DataSource), or train into another TrainerOptions.OutDir")
                    .WithCommandLine($"{checkpoint}: the run was trained on {saved.Data}, not {now.Data}; resume it with --data {saved.Data}, or train into another --out");
            if (saved.TrainImages != now.TrainImages || saved.TestImages != now.TestImages)
                throw new InvalidDataException($"{checkpoint}: the run was trained on {Drawn(saved)} of {saved.Data}, this one reads {Drawn(now)}; resume on the same subset (DataSource.OpenBatches' trainImages and testImages), or train into another TrainerOptions.OutDir")
                    .WithCommandLine($"{checkpoint}: the run was trained on {Drawn(saved)} of {saved.Data}, this one reads {Drawn(now)}; resume with {SubsetFlag("train", saved.TrainImages)} and {SubsetFlag("test", saved.TestImages)}, or train into another --out");
            // Another validation split would move samples between training and selection within one history.
            if (saved.ValidationFraction != now.ValidationFraction)
                throw new InvalidDataException($"{checkpoint}: the run held out {Held(saved.ValidationFraction)} of its training split for validation, this one {Held(now.ValidationFraction)}; " +
                                               $"resume with TrainerOptions.ValidationFraction = {Held(saved.ValidationFraction, "null")}, or train into another TrainerOptions.OutDir")
                    .WithCommandLine($"{checkpoint}: the run held out {Held(saved.ValidationFraction)} of its training split for validation, this one {Held(now.ValidationFraction)}; " +
                                     $"resume with {(saved.ValidationFraction is double f ? "--val-fraction " + f.ToString(CultureInfo.InvariantCulture) : "no --val-fraction")}, or train into another --out");
            if (saved.Split is { } runSplit && now.Split is { } nowSplit && NetDsl.Runtime.Data.DataSource.TryParse(now.Data, out var nowData) && nowData.Directory != null
                && NetDsl.Runtime.Data.DataSplitFingerprint.Moved(runSplit, nowSplit, nowData.Directory) is { Count: > 0 } moved)
            {
                string files = string.Join(", ", moved.Take(5)) + (moved.Count > 5 ? $" and {moved.Count - 5} more" : "");
                string why = $"the train/test split of {nowData.Directory} changed since the run: {files} {(moved.Count == 1 ? "is" : "are")} now on the other side " +
                    "(a class's small-class rule now holds another file, after its only test or train images were added or removed), so the run would train on images it was tested on";
                throw new InvalidDataException($"{checkpoint}: {why}; restore the folder's files, or train into another TrainerOptions.OutDir")
                    .WithCommandLine($"{checkpoint}: {why}; restore the folder's files, or train into another --out");
            }
            if (saved.Classes != now.Classes)
                throw new InvalidDataException($"{checkpoint}: the run's model has {Head(saved.Classes)}, this one {Head(now.Classes)}; resume with the same head (TrainerOptions.Classes), or train into another TrainerOptions.OutDir")
                    .WithCommandLine($"{checkpoint}: the run's model has {Head(saved.Classes)}, this one {Head(now.Classes)}; resume with the same head, or train into another --out");
            if ((saved.Arguments ?? "") != (now.Arguments ?? ""))
                throw new InvalidDataException($"{checkpoint}: the run's model was built with {Built(saved.Arguments, "arguments ")}, this one with {Built(now.Arguments, "arguments ")}; resume with the same constructor arguments (TrainerOptions.Arguments), or train into another TrainerOptions.OutDir")
                    .WithCommandLine($"{checkpoint}: the run's model was built with {Built(saved.Arguments, "--arg ")}, this one with {Built(now.Arguments, "--arg ")}; resume with the same --arg, or train into another --out");
            if (saved.Ema.HasValue != now.Ema.HasValue)
                // The checkpoint's weights are the average where the run kept one (its raw weights beside them): either way round they would be misread.
                throw new InvalidDataException($"{checkpoint}: the run {Averaged(saved.Ema, "TrainerOptions.EmaDecay = ")}, this one {Averaged(now.Ema, "TrainerOptions.EmaDecay = ")}; resume with the same TrainerOptions.EmaDecay (null or not), or train into another TrainerOptions.OutDir")
                    .WithCommandLine($"{checkpoint}: the run {Averaged(saved.Ema, "--ema ")}, this one {Averaged(now.Ema, "--ema ")}; resume {(saved.Ema is double d ? "with --ema " + d.ToString("R", CultureInfo.InvariantCulture) : "without --ema")}, or train into another --out");
            bool midEpoch = info.Position is { StepInEpoch: > 0 };
            if (saved.Batch != now.Batch && midEpoch)
                throw new InvalidDataException($"{checkpoint}: the run stopped inside epoch {info.Epoch + 1} with batch size {saved.Batch}; a mid-epoch resume needs the same batch size (TrainerOptions.BatchSize = {saved.Batch})")
                    .WithCommandLine($"{checkpoint}: the run stopped inside epoch {info.Epoch + 1} with --batch {saved.Batch}; a mid-epoch resume needs the same batch size (--batch {saved.Batch})");
            var changes = new List<string>();
            void Note(string option, string before, string after)
            {
                if (before != after) changes.Add($"{optionName(option)}: the run had {before}, now {after}");
            }
            Note(nameof(TrainerOptions.BatchSize), saved.Batch.ToString(CultureInfo.InvariantCulture), now.Batch.ToString(CultureInfo.InvariantCulture));
            Note(nameof(TrainerOptions.LearningRate), saved.LearningRate.ToString("R", CultureInfo.InvariantCulture), now.LearningRate.ToString("R", CultureInfo.InvariantCulture));
            Note(nameof(TrainerOptions.Schedule), saved.Schedule, now.Schedule);
            if (saved.Precision != null && now.Precision != null) Note(nameof(TrainerOptions.Precision), saved.Precision, now.Precision);
            if (saved.Augment != null && now.Augment != null) Note(nameof(TrainerOptions.Augmentation), saved.Augment, now.Augment);
            if (saved.Ema is double before && now.Ema is double after) Note(nameof(TrainerOptions.EmaDecay), before.ToString("R", CultureInfo.InvariantCulture), after.ToString("R", CultureInfo.InvariantCulture));
            // Mixing only changes the batches from here on (no state rides in the checkpoint), so switching it is an override.
            Note(nameof(TrainerOptions.MixupAlpha), Alpha(saved.Mixup), Alpha(now.Mixup));
            Note(nameof(TrainerOptions.CutMixAlpha), Alpha(saved.CutMix), Alpha(now.CutMix));
            Note(nameof(TrainerOptions.ClassWeights), Weights(saved.ClassWeights), Weights(now.ClassWeights));
            // The rest of the recipe, recorded since format 4's later runs (null before: nothing to compare).
            static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
            void NoteRecorded(string option, string? before, string? after)
            {
                if (before != null && after != null) Note(option, before, after);
            }
            NoteRecorded(nameof(TrainerOptions.WeightDecay), Number(saved.WeightDecay), Number(now.WeightDecay));
            NoteRecorded(nameof(TrainerOptions.ExemptNormsAndBiasesFromDecay), Decayed(saved.DecayAll), Decayed(now.DecayAll));
            NoteRecorded(nameof(TrainerOptions.Momentum), Number(saved.Momentum), Number(now.Momentum));
            NoteRecorded(nameof(TrainerOptions.Nesterov), saved.Nesterov?.ToString().ToLowerInvariant(), now.Nesterov?.ToString().ToLowerInvariant());
            NoteRecorded(nameof(TrainerOptions.WarmupSteps), saved.Warmup, now.Warmup);
            NoteRecorded(nameof(TrainerOptions.LabelSmoothing), Number(saved.LabelSmoothing), Number(now.LabelSmoothing));
            NoteRecorded(nameof(TrainerOptions.ClipNorm), Clip(saved.ClipNorm), Clip(now.ClipNorm));
            NoteRecorded(nameof(TrainerOptions.Accumulate), saved.Accumulate?.ToString(CultureInfo.InvariantCulture), now.Accumulate?.ToString(CultureInfo.InvariantCulture));
            NoteRecorded(nameof(TrainerOptions.LearningRateScales), Scales(saved.LearningRateScales), Scales(now.LearningRateScales));
            Note(nameof(TrainerOptions.Epochs), saved.Epochs.ToString(CultureInfo.InvariantCulture), now.Epochs.ToString(CultureInfo.InvariantCulture));
            return changes;
        }

        static string Drawn(RunSettings settings) => settings.TrainImages == null && settings.TestImages == null ? "all the images"
            : $"{Images(settings.TrainImages)} training and {Images(settings.TestImages)} test images";

        static string Images(int? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "all";

        static string Held(double? fraction, string none = "none") => fraction is double f ? f.ToString(CultureInfo.InvariantCulture) : none;

        static string SubsetFlag(string split, int? count) => count is int n ? $"--{split}-images {n.ToString(CultureInfo.InvariantCulture)}" : $"no --{split}-images";

        static string? Decayed(bool? all) => all is bool a ? (a ? "every parameter decayed" : "biases and norms exempt from decay") : null;

        static string? Clip(double? norm) => norm is double n ? (n > 0 ? n.ToString("R", CultureInfo.InvariantCulture) : "off") : null;

        static string? Scales(string? scales) => scales == null ? null : scales.Length == 0 ? "none" : scales;

        static string Averaged(double? decay, string label) => decay is double d ? $"keeps a moving average of its weights ({label}{d.ToString("R", CultureInfo.InvariantCulture)})" : "keeps no moving average of its weights";

        static string Weights(double[]? weights) => weights == null ? "none" : ClassWeighting.Describe(weights);

        static string Alpha(double? alpha) => alpha is double a ? a.ToString("R", CultureInfo.InvariantCulture) : "off";

        static string Built(string? arguments, string label) => string.IsNullOrEmpty(arguments) ? "its defaults" : label + arguments;

        static string Head(int? classes) => classes is int n ? $"a {n}-class head" : "its declared head";
    }
}
