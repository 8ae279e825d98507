using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>Turns <c>train</c>'s options into <see cref="TrainerOptions"/> (value checks name the option and value).</summary>
    internal static class TrainOptionsParser
    {
        /// <summary>
        /// The options given on the command line, completed from the settings a resumed run <paramref name="recorded"/> (its
        /// checkpoint's: what was not given keeps the run's value, <see cref="TrainerOptions.WithRecorded"/>), then from the
        /// model's card (<see cref="ModelEntry.Card"/>).
        /// </summary>
        public static TrainerOptions Parse(CliArguments args, ModelEntry entry, RunSettings? recorded = null)
        {
            // Options another command that shares this parser (lr-find) does not declare read as not given.
            bool Given(string name) => args.Declares(name) && args.Value(name) != null;
            bool Flag(string name) => args.Declares(name) && args.Flag(name);
            var options = new TrainerOptions
            {
                ModelName = entry.Name,
                Seed = args.Int("seed", 0, 0),
                Device = DeviceOption.Read(args),
                OutDir = (args.Declares("out") ? args.Value("out") : null) ?? Path.Combine("runs", entry.Name),
                Resume = Flag("resume"),
                WeightDecay = args.Number("weight-decay", 0),
                WarmupSteps = Given("warmup") ? args.Int("warmup", 0, 0) : null,
                ClipNorm = Given("clip") ? args.Number("clip", double.Epsilon) : null,
                EmaDecay = Given("ema") ? EmaOption(args) : recorded?.Ema,
                Patience = Given("patience") ? args.Int("patience", 1, 1) : null,
                // Not given: a resumed run's recorded one (an older checkpoint without it: the test metric, as before).
                Monitor = (Given("monitor") ? args.Choice("monitor", "metric", "metric", "loss") : recorded?.Monitor) == "loss" ? StopMonitor.Loss : StopMonitor.Metric,
                // Not given: a resumed run's recorded split (none for a run without one), so --resume holds the same samples out.
                ValidationFraction = Given("val-fraction") ? ValidationFractionOption(args) : recorded?.ValidationFraction,
                CheckpointEvery = Given("checkpoint-every") ? args.Int("checkpoint-every", 0, 0) : 0,
            };
            // Left unset when not given, so a resumed run keeps its recorded values (WithRecorded).
            if (Flag("decay-all")) options = options with { ExemptNormsAndBiasesFromDecay = false };
            if (Given("accumulate")) options = options with { Accumulate = args.Int("accumulate", 1, 1) };
            if (Given(PrecisionOption.Name)) options = options with { Precision = PrecisionOption.Parse(args) };
            if (Given("epochs")) options = options with { Epochs = args.Int("epochs", 1, 1) };
            if (Given("batch")) options = options with { BatchSize = args.Int("batch", 1, 1) };
            if (Given("lr")) options = options with { LearningRate = args.PositiveDouble("lr", 0) };
            if (Given("optimizer")) options = options with { Optimizer = OptimizerKinds.Parse(args.Choice("optimizer", "sgd", OptimizerKinds.Names)) };
            if (Given("lr-scale")) options = options with { LearningRateScales = LearningRateScalesOption(args.Value("lr-scale")!) };
            if (Flag("nesterov")) options = options with { Nesterov = true };
            if (Given("label-smoothing")) options = options with { LabelSmoothing = args.Number("label-smoothing", 0, 1) ?? 0 };
            if (Given("mixup")) options = options with { MixupAlpha = AlphaOption(args, "mixup") };
            if (Given("cutmix")) options = options with { CutMixAlpha = AlphaOption(args, "cutmix") };
            if (Given("class-weights")) options = ClassWeightsOption(args.Value("class-weights")!, options);
            else if (recorded?.ClassWeights is double[] weights) options = options with { ClassWeights = weights };
            if (Given("schedule"))
                options = options with
                {
                    Schedule = args.Choice("schedule", "cosine", "cosine", "step", "onecycle") switch
                    {
                        "step" => ScheduleKind.Step,
                        "onecycle" => ScheduleKind.OneCycle,
                        _ => ScheduleKind.Cosine,
                    },
                };
            options = options.WithRecorded(recorded).WithCard(entry.Card);
            if (Flag("nesterov") && options.Optimizer != OptimizerKind.Sgd) throw new CliUsageException("--nesterov applies to --optimizer sgd only");
            if (Given("label-smoothing") && options.LabelSmoothing > 0 && entry.Task != ModelTask.Classification)
                throw new CliUsageException($"--label-smoothing applies to classifiers; {entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model");
            if (Given("class-weights") && entry.Task is not (ModelTask.Classification or ModelTask.Segmentation))
                throw new CliUsageException($"--class-weights applies to classifiers and segmenters; {entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model");
            foreach (string mix in new[] { "mixup", "cutmix" })
                if (Given(mix) && options.Mixes && entry.Task != ModelTask.Classification)
                    throw new CliUsageException($"--{mix} applies to classifiers; {entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model");
            // Chosen by validation, the run's result is best.bin's weights: the one test score is theirs, not the last epoch's.
            if (options.Validates) options = options with { RestoreBestWeights = true };
            return options;
        }

        /// <summary>
        /// The line saying that a resume's explicit <c>--monitor</c> differs from the one its run recorded (the explicit one
        /// is used); null when it agrees, is not given, or the checkpoint predates the record.
        /// </summary>
        public static string? MonitorOverride(CliArguments args, RunSettings recorded, TrainerOptions options)
        {
            string now = options.Monitor.ToString().ToLowerInvariant();
            if (args.Value("monitor") == null || recorded.Monitor is not string was || was == now) return null;
            return $"note: --monitor {now} overrides the run's recorded --monitor {was}: early stopping and best.bin follow the {(options.Monitor == StopMonitor.Loss ? "test loss" : "test metric")} from here on";
        }

        /// <summary><c>--mixup ALPHA</c> / <c>--cutmix ALPHA</c>: Beta(α, α)'s α, finite and 0 or more (0: off, overriding the card).</summary>
        static double AlphaOption(CliArguments args, string name)
        {
            string text = args.Value(name)!;
            return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double alpha) && double.IsFinite(alpha) && alpha >= 0
                ? alpha : throw new CliUsageException($"--{name} must be an α above 0 (e.g. {(name == "mixup" ? "0.2" : "1.0")}; 0: off), got '{text}'");
        }

        /// <summary>
        /// A <c>--class-weights</c> list checked against the built model's classes once the data is listed and before any step runs:
        /// a usage error naming the option (the trainer's own TrainerOptions.ClassWeights message is worded for C# callers).
        /// </summary>
        public static void CheckClassWeights(TrainerOptions options, Network network, IReadOnlyList<string> classNames)
        {
            if (options.ClassWeights is not { } weights) return;
            int classes = network.OutputShape.C;
            if (weights.Count == classes) return;
            string names = classNames.Count == classes && classes <= 12 ? $" ({string.Join(", ", classNames)})" : "";
            throw new CliUsageException($"--class-weights gives {weights.Count} weight{(weights.Count == 1 ? "" : "s")}, but the model outputs {classes} classes{names}; give one weight per class, in that order");
        }

        /// <summary><c>--class-weights balanced|W1,W2,...</c>: the counted rule, or one finite weight of 0 or more per class (one above 0).</summary>
        static TrainerOptions ClassWeightsOption(string text, TrainerOptions options)
        {
            if (text == "balanced") return options with { BalanceClasses = true };
            var weights = new System.Collections.Generic.List<double>();
            foreach (string part in text.Split(','))
                weights.Add(double.TryParse(part.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double w) && double.IsFinite(w) && w >= 0
                    ? w : throw new CliUsageException($"--class-weights takes 'balanced' or one weight of 0 or more per class (e.g. 1,4,1); '{part}' in '{text}' is not such a number"));
            if (!weights.Exists(w => w > 0)) throw new CliUsageException($"--class-weights needs at least one weight above 0, got '{text}'");
            return options with { ClassWeights = weights };
        }

        /// <summary><c>--val-fraction F</c>: a share of the training split in (0, 0.5].</summary>
        internal static double ValidationFractionOption(CliArguments args)
        {
            string text = args.Value("val-fraction")!;
            return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double f) && f > 0 && f <= NetDsl.Runtime.Data.ValidationSplit.MaxFraction
                ? f : throw new CliUsageException($"--val-fraction must be a share of the training split above 0 and at most {NetDsl.Runtime.Data.ValidationSplit.MaxFraction} (e.g. 0.1), got '{text}'");
        }

        /// <summary><c>--ema DECAY</c>: a decay strictly between 0 and 1, or null without the option.</summary>
        static double? EmaOption(CliArguments args)
        {
            string? text = args.Value("ema");
            if (text == null) return null;
            return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double decay) && decay > 0 && decay < 1
                ? decay : throw new CliUsageException($"--ema must be a decay above 0 and below 1 (e.g. 0.999), got '{text}'");
        }

        static LearningRateScales LearningRateScalesOption(string text)
        {
            try { return LearningRateScales.Parse(text); }
            catch (System.FormatException e) { throw new CliUsageException("--lr-scale: " + e.Message); }
        }
    }
}
