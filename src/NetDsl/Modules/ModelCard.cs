using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// A network's training recipe and what it reaches, read from its <see cref="ModelCardAttribute"/> (and the
    /// optimizer and rate of <c>[Network]</c>); the single source of training defaults for <c>train</c>, the zoo
    /// sweep and <c>Trainer</c>. Null values mean "the trainer's default".
    /// </summary>
    public sealed record ModelCard
    {
        /// <summary>The catalogue name the card is for.</summary>
        public string Model { get; init; } = "";
        /// <summary>What the output means, so the trainer picks the loss and metrics.</summary>
        public ModelTask Task { get; init; }

        /// <summary>"sgd", "adamw" or "lamb".</summary>
        public string? Optimizer { get; init; }
        /// <summary>Peak learning rate; null: the optimizer's default.</summary>
        public double? LearningRate { get; init; }
        /// <summary>SGD momentum; null: 0.9.</summary>
        public double? Momentum { get; init; }
        /// <summary>SGD with Nesterov momentum.</summary>
        public bool Nesterov { get; init; }

        /// <summary>"cosine", "step" or "onecycle".</summary>
        public string? Schedule { get; init; }
        /// <summary>Linear warm-up, in epochs (fractions allowed); null: none.</summary>
        public double? WarmupEpochs { get; init; }
        /// <summary>Weight decay; null: the optimizer's default.</summary>
        public double? WeightDecay { get; init; }
        /// <summary>Label smoothing for classifiers; null: none.</summary>
        public double? LabelSmoothing { get; init; }
        /// <summary>Mixup's α for classifiers; null: no Mixup.</summary>
        public double? MixupAlpha { get; init; }
        /// <summary>CutMix's α for classifiers; null: no CutMix.</summary>
        public double? CutMixAlpha { get; init; }
        /// <summary>Samples per batch; null: the trainer's default.</summary>
        public int? BatchSize { get; init; }

        /// <summary>BatchNorm statistics re-estimated over this many training batches before each evaluation.</summary>
        public int? PreciseBatchNorm { get; init; }
        /// <summary>Epochs; null: the trainer's default.</summary>
        public int? Epochs { get; init; }

        /// <summary>The input it trains at on the built-in data; null: a small size the model builds at.</summary>
        public TensorShape? TrainInput { get; init; }

        /// <summary>The input the network was designed for (its declared input).</summary>
        public TensorShape? DesignedInput { get; init; }

        /// <summary>Constructor arguments the recipe trains with (<c>auxLogits=false</c>); <see cref="ModelArguments.None"/>: the defaults.</summary>
        public ModelArguments Arguments { get; init; } = ModelArguments.None;

        /// <summary>Learning-rate multipliers by parameter-name prefix (<c>classifier.0=0.02</c>); <see cref="LearningRateScales.None"/>: none.</summary>
        public LearningRateScales LearningRateScales { get; init; } = LearningRateScales.None;

        /// <summary>The precision the recipe trains in where it is fast (<see cref="PrecisionSupport.IsFast"/>); null: fp32.</summary>
        public Precision? Precision { get; init; }

        /// <summary>Training images drawn from the built-in shapes set; null: the set's default.</summary>
        public int? TrainImages { get; init; }

        /// <summary>Test images drawn from the built-in shapes set; null: the set's default.</summary>
        public int? TestImages { get; init; }

        /// <summary>The test metric reached on the built-in data in <see cref="Epochs"/> epochs (a floor).</summary>
        public double? Metric { get; init; }

        /// <summary>Which metric the task reports: accuracy, mIoU, PSNR (dB), mAP@0.5 or proposal AP@0.5 (class-agnostic).</summary>
        public string MetricName => MetricNameOf(Task);

        /// <summary>The published recipe this card scales down.</summary>
        public string? Recipe { get; init; }

        /// <summary>True when the card was declared (not only defaults from <c>[Network]</c>).</summary>
        public bool Declared { get; init; }

        /// <summary>The metric a task reports: accuracy, mIoU, PSNR or mAP@0.5.</summary>
        public static string MetricNameOf(ModelTask task) => task switch
        {
            ModelTask.Segmentation => "mIoU",
            ModelTask.Reconstruction => "PSNR",
            ModelTask.Detection => "mAP@0.5",
            ModelTask.RegionProposal => "proposal AP@0.5",
            _ => "accuracy",
        };

        /// <summary>
        /// The card of <paramref name="type"/> for the catalogue name <paramref name="name"/> (a card naming it, else
        /// the unnamed one); without any card, one holding only what <c>[Network]</c> states. Null for a type that
        /// is not a <c>[Network]</c>.
        /// </summary>
        public static ModelCard? Of(Type type, string? name, TensorShape? designedInput = null)
        {
            var network = type.GetCustomAttribute<NetworkAttribute>();
            if (network == null) return null;
            var cards = type.GetCustomAttributes<ModelCardAttribute>().ToList();
            var card = cards.FirstOrDefault(c => name != null && c.Variants.Contains(name, StringComparer.Ordinal))
                       ?? cards.FirstOrDefault(c => c.Variants.Length == 0);
            string model = name ?? network.Name ?? type.Name.ToLowerInvariant();
            var result = new ModelCard
            {
                Model = model,
                Task = network.Task,
                Optimizer = network.Optimizer,
                LearningRate = network.LearningRate > 0 ? network.LearningRate : null,
                DesignedInput = designedInput,
            };
            return card == null ? result : Apply(result, card, type);
        }

        static ModelCard Apply(ModelCard basis, ModelCardAttribute card, Type type)
        {
            string where = $"{type.Name} [ModelCard] for {basis.Model}";
            return basis with
            {
                Declared = true,
                Optimizer = Choice(card.Optimizer, where, "Optimizer", "sgd", "adamw", "lamb") ?? basis.Optimizer,
                LearningRate = card.LearningRate > 0 ? card.LearningRate : basis.LearningRate,
                Momentum = Optional(card.Momentum, where, "Momentum", 0, 1),
                Nesterov = card.Nesterov,
                Schedule = Choice(card.Schedule, where, "Schedule", "cosine", "step", "onecycle"),
                WarmupEpochs = Optional(card.WarmupEpochs, where, "WarmupEpochs", 0, double.MaxValue),
                WeightDecay = Optional(card.WeightDecay, where, "WeightDecay", 0, 1),
                LabelSmoothing = card.LabelSmoothing > 0 ? Optional(card.LabelSmoothing, where, "LabelSmoothing", 0, 1) : null,
                MixupAlpha = Alpha(card.MixupAlpha, where, "MixupAlpha"),
                CutMixAlpha = Alpha(card.CutMixAlpha, where, "CutMixAlpha"),
                BatchSize = card.BatchSize > 0 ? card.BatchSize : null,
                PreciseBatchNorm = card.PreciseBatchNorm > 0 ? card.PreciseBatchNorm : null,
                Epochs = card.Epochs > 0 ? card.Epochs : null,
                TrainImages = card.TrainImages > 0 ? card.TrainImages : null,
                TestImages = card.TestImages > 0 ? card.TestImages : null,
                TrainInput = string.IsNullOrWhiteSpace(card.TrainInput) ? null : Shape(card.TrainInput!, where),
                Metric = double.IsNaN(card.Metric) ? null : card.Metric,
                Arguments = ParseArguments(card.Arguments, where),
                LearningRateScales = ParseScales(card.LearningRateScales, where),
                Precision = ParsePrecision(card.Precision, where),
                Recipe = card.Recipe,
            };
        }

        static string? Choice(string? value, string where, string field, params string[] allowed)
        {
            if (value == null) return null;
            string lower = value.ToLowerInvariant();
            if (!allowed.Contains(lower))
                throw new ArgumentException($"{where}: {field} \"{value}\" is not one of {string.Join(", ", allowed)}");
            return lower;
        }

        static double? Optional(double value, string where, string field, double min, double max)
        {
            if (double.IsNaN(value)) return null;
            if (value < min || value > max)
                throw new ArgumentException($"{where}: {field} {value.ToString(CultureInfo.InvariantCulture)} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
            return value;
        }

        /// <summary>A Beta(α, α) parameter: 0 is none, anything else must be finite and above 0.</summary>
        static double? Alpha(double value, string where, string field)
        {
            if (value == 0) return null;
            if (double.IsFinite(value) && value > 0) return value;
            throw new ArgumentException($"{where}: {field} {value.ToString(CultureInfo.InvariantCulture)} must be a finite α above 0 (0: none)");
        }

        static ModelArguments ParseArguments(string? text, string where)
        {
            try { return ModelArguments.Parse(text); }
            catch (FormatException e) { throw new ArgumentException($"{where}: Arguments: {e.Message}"); }
        }

        static LearningRateScales ParseScales(string? text, string where)
        {
            try { return LearningRateScales.Parse(text); }
            catch (FormatException e) { throw new ArgumentException($"{where}: LearningRateScales: {e.Message}"); }
        }

        static Precision? ParsePrecision(string? text, string where)
        {
            if (text == null) return null;
            if (PrecisionNames.TryParse(text, out var precision)) return precision;
            throw new ArgumentException($"{where}: Precision \"{text}\" is not one of {string.Join(", ", PrecisionNames.All)}");
        }

        static TensorShape Shape(string text, string where) => TensorShape.TryParse(text, out var shape)
            ? shape
            : throw new ArgumentException($"{where}: TrainInput \"{text}\" is not CxHxW (e.g. \"3x64x64\")");

        /// <summary>One line: the recipe as a practitioner reads it ("adamw lr 0.001, cosine, warm-up 0.3 epoch, …").</summary>
        public override string ToString()
        {
            var parts = new System.Collections.Generic.List<string>();
            string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
            parts.Add((Optimizer ?? "sgd") + (Nesterov ? " (nesterov)" : "") + (LearningRate is double lr ? " lr " + F(lr) : ""));
            parts.Add(Schedule ?? "cosine");
            if (WarmupEpochs is double w) parts.Add($"warm-up {F(w)} epoch");
            if (WeightDecay is double wd) parts.Add($"weight decay {F(wd)}");
            if (LabelSmoothing is double ls) parts.Add($"label smoothing {F(ls)}");
            if (MixupAlpha is double mixup) parts.Add($"mixup {F(mixup)}");
            if (CutMixAlpha is double cutMix) parts.Add($"cutmix {F(cutMix)}");
            if (BatchSize is int b) parts.Add($"batch {b}");
            if (PreciseBatchNorm is int pb) parts.Add($"precise BN over {pb} batches");
            if (TrainInput is TensorShape t) parts.Add($"input {t}");
            if (!Arguments.IsEmpty) parts.Add($"arguments {Arguments}");
            if (!LearningRateScales.IsEmpty) parts.Add($"lr scales {LearningRateScales}");
            if (Precision is NetDsl.Precision p && p != NetDsl.Precision.Fp32) parts.Add(p.Name());
            if (TrainImages is int n) parts.Add($"{n} images");
            if (Epochs is int e) parts.Add($"{e} epoch{(e == 1 ? "" : "s")}");
            if (Metric is double m) parts.Add($"{MetricName} ≥ {F(m)}");
            return string.Join(", ", parts);
        }
    }
}
