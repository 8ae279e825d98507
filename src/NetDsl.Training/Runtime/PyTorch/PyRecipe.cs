using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NetDsl.Runtime.Training;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>
    /// model.py's <c>RECIPE</c>: the model card as NetDsl's trainer resolves it (<see cref="TrainerOptions.WithCard"/> over
    /// options that set nothing, so the values are exactly what <c>train MODEL</c> would use without flags), which
    /// train.py takes as its defaults; <c>RECIPE_SOURCE</c> says which values the card set; <c>OPTIMIZER_DEFAULTS</c>
    /// holds each optimizer's own rate, momentum, Nesterov and weight decay, which NetDsl's trainer falls back on when
    /// the optimizer is overridden (the card's go with the card's optimizer).
    /// </summary>
    internal static class PyRecipe
    {
        /// <summary>The keys of <c>RECIPE</c>, in the order train.py prints them.</summary>
        public static readonly string[] Keys =
        {
            "optimizer", "lr", "momentum", "nesterov", "weight_decay", "schedule", "warmup_epochs", "label_smoothing",
            "mixup", "cutmix", "batch", "epochs", "precise_bn", "lr_scales",
        };

        /// <summary>The options NetDsl's trainer runs <paramref name="card"/> with when nothing else is set.</summary>
        public static TrainerOptions Resolve(ModelCard? card, ModelTask task) =>
            // The device only decides the card's precision, which the recipe leaves to train.py (bf16 autocast on CUDA).
            new TrainerOptions { Task = task, Device = TorchSharp.torch.CPU }.WithCard(card);

        /// <summary>The Python text: <c>RECIPE</c>, <c>RECIPE_SOURCE</c> and <c>OPTIMIZER_DEFAULTS</c>.</summary>
        public static string Text(ModelCard? card, ModelTask task)
        {
            var options = Resolve(card, task);
            bool classification = options.Task == ModelTask.Classification;
            var values = new Dictionary<string, string>
            {
                ["optimizer"] = PyCode.Str(options.Optimizer.Name()),
                ["lr"] = PyCode.Float(options.LearningRate),
                ["momentum"] = PyCode.Float(options.Momentum),
                ["nesterov"] = PyCode.Bool(options.Nesterov),
                ["weight_decay"] = PyCode.Float(options.ResolvedWeightDecay),
                ["schedule"] = PyCode.Str(options.Schedule.ToString().ToLowerInvariant()),
                ["warmup_epochs"] = options.WarmupEpochs is double w ? PyCode.Float(w) : "None",
                ["label_smoothing"] = PyCode.Float(options.LabelSmoothing),
                ["mixup"] = PyCode.Float(options.MixupAlpha ?? 0),
                ["cutmix"] = PyCode.Float(options.CutMixAlpha ?? 0),
                ["batch"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
                ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
                ["precise_bn"] = options.RecalibrateBatchNorm.ToString(CultureInfo.InvariantCulture),
                ["lr_scales"] = "{" + string.Join(", ", (options.LearningRateScales?.Values ?? new Dictionary<string, double>())
                    .Select(kv => PyCode.Str(kv.Key) + ": " + PyCode.Float(kv.Value))) + "}",
            };
            var fromCard = new Dictionary<string, bool>
            {
                ["optimizer"] = card?.Optimizer != null,
                ["lr"] = card?.LearningRate != null,
                ["momentum"] = card?.Momentum != null,
                ["nesterov"] = card?.Nesterov == true,
                ["weight_decay"] = card?.WeightDecay != null,
                ["schedule"] = card?.Schedule != null,
                ["warmup_epochs"] = card?.WarmupEpochs != null,
                ["label_smoothing"] = classification && card?.LabelSmoothing != null,
                ["mixup"] = classification && card?.MixupAlpha != null,
                ["cutmix"] = classification && card?.CutMixAlpha != null,
                ["batch"] = card?.BatchSize != null,
                ["epochs"] = card?.Epochs != null,
                ["precise_bn"] = card?.PreciseBatchNorm != null,
                ["lr_scales"] = card != null && !card.LearningRateScales.IsEmpty,
            };
            var text = new StringBuilder();
            text.Append("# The training recipe: the model card as NetDsl's trainer resolves it (what `train ").Append(card?.Model ?? "MODEL")
                .Append("` uses without flags), train.py's\n")
                .Append("# defaults. warmup_epochs None: 3% of the run's steps, at most 100. lr_scales: rate multipliers by parameter-name prefix.\n")
                .Append("# mixup, cutmix: the alpha of Mixup's and CutMix's Beta(alpha, alpha) for classifiers (0: off).\n")
                .Append("RECIPE = {\n");
            foreach (string key in Keys) text.Append("    ").Append(PyCode.Str(key)).Append(": ").Append(values[key]).Append(",\n");
            text.Append("}\n");
            text.Append("# Which values the card set (\"card\") and which are NetDsl's trainer defaults (\"default\").\n")
                .Append("RECIPE_SOURCE = {").Append(string.Join(", ", Keys.Select(k => PyCode.Str(k) + ": " + PyCode.Str(fromCard[k] ? "card" : "default")))).Append("}\n");
            text.Append("# Each optimizer's own values: NetDsl's trainer uses them in place of the card's when the optimizer is overridden.\n")
                .Append("OPTIMIZER_DEFAULTS = {\n");
            foreach (var kind in new[] { OptimizerKind.Sgd, OptimizerKind.AdamW, OptimizerKind.Lamb })
            {
                var own = new TrainerOptions { Optimizer = kind };
                text.Append("    ").Append(PyCode.Str(kind.Name())).Append(": {\"lr\": ").Append(PyCode.Float(own.LearningRate))
                    .Append(", \"momentum\": ").Append(PyCode.Float(own.Momentum)).Append(", \"nesterov\": ").Append(PyCode.Bool(own.Nesterov))
                    .Append(", \"weight_decay\": ").Append(PyCode.Float(own.ResolvedWeightDecay)).Append("},\n");
            }
            text.Append("}\n");
            return text.ToString();
        }
    }
}
