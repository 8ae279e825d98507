using System.CommandLine;
using System.IO;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>Turns <c>train</c>'s parsed options (<see cref="TrainArgs"/>) into <see cref="TrainerOptions"/>; cross-option rules name both options.</summary>
    internal static class TrainOptionsParser
    {
        public static TrainerOptions Parse(ParseResult r, TrainArgs a, ModelEntry entry)
        {
            var defaults = new TrainerOptions();
            string declared = entry.Optimizer ?? "sgd";
            var optimizer = (r.GetValue(a.Optimizer) ?? declared) == "adamw" ? OptimizerKind.AdamW : OptimizerKind.Sgd;
            bool nesterov = r.GetValue(a.Nesterov);
            if (nesterov && optimizer != OptimizerKind.Sgd) throw new CliUsageException("--nesterov applies to --optimizer sgd only");
            // A declaration's recommended rate goes with its recommended optimizer (SGD unless it says otherwise).
            bool asDeclared = (optimizer == OptimizerKind.AdamW) == (declared == "adamw");
            double defaultRate = asDeclared && entry.LearningRate is double rate ? rate : optimizer == OptimizerKind.AdamW ? 1e-3 : defaults.LearningRate;
            var options = defaults with
            {
                ModelName = entry.Name,
                Task = entry.Task,
                Epochs = r.GetValue(a.Epochs),
                BatchSize = r.GetValue(a.Batch),
                LearningRate = r.GetValue(a.LearningRate) ?? defaultRate,
                Seed = r.GetValue(a.Seed),
                OutDir = r.GetValue(a.Out) ?? Path.Combine("runs", entry.Name),
                Resume = r.GetValue(a.Resume),
                Optimizer = optimizer,
                Nesterov = nesterov,
                WeightDecay = r.GetValue(a.WeightDecay),
                ExemptNormsAndBiasesFromDecay = !r.GetValue(a.DecayAll),
                Schedule = r.GetValue(a.Schedule) switch
                {
                    "step" => ScheduleKind.Step,
                    "onecycle" => ScheduleKind.OneCycle,
                    _ => ScheduleKind.Cosine,
                },
                WarmupSteps = r.GetValue(a.Warmup),
                LabelSmoothing = r.GetValue(a.LabelSmoothing),
                ClipNorm = r.GetValue(a.Clip),
                Patience = r.GetValue(a.Patience),
                CheckpointEvery = r.GetValue(a.CheckpointEvery),
            };
            if (options.LabelSmoothing > 0 && entry.Task != ModelTask.Classification)
                throw new CliUsageException($"--label-smoothing applies to classifiers; {entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model");
            return options;
        }
    }
}
