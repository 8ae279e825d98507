using System.IO;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>Turns <c>train</c>'s options into <see cref="TrainerOptions"/> (value checks name the option and value).</summary>
    internal static class TrainOptionsParser
    {
        public static readonly string[] ValueOptions =
        {
            "data", "input", "epochs", "batch", "lr", "out", "seed", "weights",
            "optimizer", "schedule", "weight-decay", "label-smoothing", "clip", "patience", "checkpoint-every", "warmup",
            PrecisionOption.Name, "accumulate",
        };

        public static readonly string[] Flags = { "resume", "nesterov", "decay-all" };

        public static TrainerOptions Parse(CliArguments args, ModelEntry entry)
        {
            var defaults = new TrainerOptions();
            string declared = entry.Optimizer ?? "sgd";
            var optimizer = args.Choice("optimizer", declared, "sgd", "adamw") == "adamw" ? OptimizerKind.AdamW : OptimizerKind.Sgd;
            bool nesterov = args.Flag("nesterov");
            if (nesterov && optimizer != OptimizerKind.Sgd) throw new CliUsageException("--nesterov applies to --optimizer sgd only");
            // A declaration's recommended rate goes with its recommended optimizer (SGD unless it says otherwise).
            bool asDeclared = (optimizer == OptimizerKind.AdamW) == (declared == "adamw");
            double defaultRate = asDeclared && entry.LearningRate is double rate ? rate : optimizer == OptimizerKind.AdamW ? 1e-3 : defaults.LearningRate;
            var options = defaults with
            {
                ModelName = entry.Name,
                Task = entry.Task,
                Epochs = args.Int("epochs", defaults.Epochs, 1),
                BatchSize = args.Int("batch", defaults.BatchSize, 1),
                LearningRate = args.PositiveDouble("lr", defaultRate),
                Seed = args.Int("seed", 0, 0),
                OutDir = args.Value("out") ?? Path.Combine("runs", entry.Name),
                Resume = args.Flag("resume"),
                Optimizer = optimizer,
                Nesterov = nesterov,
                WeightDecay = args.Number("weight-decay", 0),
                ExemptNormsAndBiasesFromDecay = !args.Flag("decay-all"),
                Schedule = args.Choice("schedule", "cosine", "cosine", "step", "onecycle") switch
                {
                    "step" => ScheduleKind.Step,
                    "onecycle" => ScheduleKind.OneCycle,
                    _ => ScheduleKind.Cosine,
                },
                WarmupSteps = args.Value("warmup") == null ? null : args.Int("warmup", 0, 0),
                LabelSmoothing = args.Number("label-smoothing", 0, 1) ?? 0,
                ClipNorm = args.Number("clip", double.Epsilon),
                Patience = args.Value("patience") == null ? null : args.Int("patience", 1, 1),
                CheckpointEvery = args.Int("checkpoint-every", 0, 0),
                Precision = PrecisionOption.Parse(args),
                Accumulate = args.Int("accumulate", 1, 1),
            };
            if (options.LabelSmoothing > 0 && entry.Task != ModelTask.Classification)
                throw new CliUsageException($"--label-smoothing applies to classifiers; {entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model");
            return options;
        }
    }
}
