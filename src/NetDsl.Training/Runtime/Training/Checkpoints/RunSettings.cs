using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// How a run was started, kept in its checkpoints so <c>--resume</c> can compare: another data source is
    /// refused (the run's history and best checkpoint would mix two data sets); the rest may change and
    /// is reported as an override.
    /// </summary>
    public sealed record RunSettings(string Data, int Batch, double LearningRate, string Schedule, int Epochs, string Optimizer)
    {
        /// <summary>The class count the model was built with when not its declared one (<see cref="TrainerOptions.Classes"/>); null: the declared head.</summary>
        public int? Classes { get; init; }

        /// <summary>The constructor arguments the model was built with (<see cref="TrainerOptions.Arguments"/>); null: the declaration's defaults.</summary>
        public string? Arguments { get; init; }

        /// <summary>What convolutions and linear layers computed in (<see cref="TrainerOptions.Precision"/>'s name); null before it was recorded.</summary>
        public string? Precision { get; init; }

        /// <summary>
        /// The training augmentation the data was opened with (<see cref="TrainerOptions.Augmentation"/>, e.g. <c>crop,flip</c>
        /// or <c>none</c>); null before it was recorded, or for data that is not augmented (held in memory).
        /// </summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? Augment { get; init; }

        /// <summary>The weights' moving-average decay (<see cref="TrainerOptions.EmaDecay"/>); null: no average (and before it was recorded).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public double? Ema { get; init; }

        /// <summary>The data's class names, in the order of the model's outputs (what a prediction reads as labels); null before they were recorded.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<string>? ClassNames { get; init; }

        /// <summary>How the data's pixels were normalised (what a prediction must do to its images); null before it was recorded, or not known.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public NetDsl.Runtime.Data.Augmentations.Normalize? Normalization { get; init; }

        /// <summary>Mixup's α (<see cref="TrainerOptions.MixupAlpha"/>); null: no Mixup (and before it was recorded).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public double? Mixup { get; init; }

        /// <summary>CutMix's α (<see cref="TrainerOptions.CutMixAlpha"/>); null: no CutMix (and before it was recorded).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public double? CutMix { get; init; }

        /// <summary>The training loss's per-class weights (<see cref="TrainerOptions.ClassWeights"/>, or the balanced ones); null: unweighted.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public double[]? ClassWeights { get; init; }

        /// <summary>The settings <paramref name="options"/> and <paramref name="data"/> make for <paramref name="model"/> (its head sizes balanced weights), to store in a checkpoint.</summary>
        public static RunSettings From(TrainerOptions options, TrainingData data, TorchSharp.torch.nn.Module? model = null) => new RunSettings(
            options.DataSource ?? data.Name, options.BatchSize, options.LearningRate,
            options.Schedule.ToString().ToLowerInvariant(), options.Epochs, options.Optimizer.ToString().ToLowerInvariant())
        { Classes = options.Classes, Arguments = string.IsNullOrEmpty(options.Arguments) ? null : options.Arguments, Precision = options.Precision.Name(), Augment = options.Augmentation, Ema = options.EmaDecay,
          ClassNames = data.ClassNames, Normalization = data.Normalization,
          Mixup = options.MixupAlpha > 0 ? options.MixupAlpha : null, CutMix = options.CutMixAlpha > 0 ? options.CutMixAlpha : null,
          ClassWeights = options.ClassWeightsFor(data, model) };

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
            if (saved.Data != now.Data)
                throw new InvalidDataException($"{checkpoint}: the run was trained on {saved.Data}, not {now.Data}; resume it on {saved.Data} (TrainerOptions.DataSource), or train into another TrainerOptions.OutDir")
                    .WithCommandLine($"{checkpoint}: the run was trained on {saved.Data}, not {now.Data}; resume it with --data {saved.Data}, or train into another --out");
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
            Note(nameof(TrainerOptions.Epochs), saved.Epochs.ToString(CultureInfo.InvariantCulture), now.Epochs.ToString(CultureInfo.InvariantCulture));
            return changes;
        }

        static string Averaged(double? decay, string label) => decay is double d ? $"keeps a moving average of its weights ({label}{d.ToString("R", CultureInfo.InvariantCulture)})" : "keeps no moving average of its weights";

        static string Weights(double[]? weights) => weights == null ? "none" : ClassWeighting.Describe(weights);

        static string Alpha(double? alpha) => alpha is double a ? a.ToString("R", CultureInfo.InvariantCulture) : "off";

        static string Built(string? arguments, string label) => string.IsNullOrEmpty(arguments) ? "its defaults" : label + arguments;

        static string Head(int? classes) => classes is int n ? $"a {n}-class head" : "its declared head";
    }
}
