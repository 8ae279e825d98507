using System;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    // The model card's part of the options: which values were set explicitly (those always win), how a card fills
    // the rest, and the warm-up a card states in epochs.
    public sealed partial record TrainerOptions
    {
        int? epochs, batchSize;
        double? learningRate, momentum, labelSmoothing;
        OptimizerKind? optimizer;
        bool? nesterov;
        ScheduleKind? schedule;
        ModelTask? task;

        /// <summary>Warm-up length in epochs (a card's unit); used when <see cref="WarmupSteps"/> is not set.</summary>
        public double? WarmupEpochs { get; init; }

        // A resumed run that used the default warm-up (3%) keeps it: the card's warm-up is not applied over it.
        bool defaultWarmup;

        /// <summary>
        /// Before each evaluation, re-estimate BatchNorm statistics over this many training batches
        /// (<see cref="BatchNormRecalibration"/>); 0: keep the running averages.
        /// </summary>
        public int RecalibrateBatchNorm { get => recalibrateBatchNorm ?? 0; init => recalibrateBatchNorm = value; }
        int? recalibrateBatchNorm;

        // Which of the optimizer's own settings the card filled, and for which optimizer: another optimizer set afterwards
        // (with { Optimizer = … }) drops them, so its defaults apply instead of, say, AdamW's rate and decay under SGD.
        [Flags]
        enum CardRecipe { None = 0, LearningRate = 1, Momentum = 2, Nesterov = 4, WeightDecay = 8 }
        CardRecipe fromCard;
        OptimizerKind? cardOptimizer;

        // Which values the card filled because they were unset (what Describe marks "(card)"): a value set explicitly is never
        // the card's, even when it equals the card's; setting one afterwards (with { Epochs = … }) clears its mark.
        [Flags]
        enum CardFilled
        {
            None = 0, Optimizer = 1, Schedule = 2, BatchSize = 4, Epochs = 8, LabelSmoothing = 16, Precision = 32,
            Mixup = 64, CutMix = 128, LearningRateScales = 256,
        }
        CardFilled cardFilled;

        /// <summary>Whether <see cref="BatchSize"/> was set (not left to its default nor filled by the card).</summary>
        internal bool BatchSizeGiven => batchSize != null && !cardFilled.HasFlag(CardFilled.BatchSize);

        void DropCardRecipe()
        {
            if (fromCard.HasFlag(CardRecipe.LearningRate)) learningRate = null;
            if (fromCard.HasFlag(CardRecipe.Momentum)) momentum = null;
            if (fromCard.HasFlag(CardRecipe.Nesterov)) nesterov = null;
            if (fromCard.HasFlag(CardRecipe.WeightDecay)) weightDecay = null;
            fromCard = CardRecipe.None;
            cardOptimizer = null;
        }

        /// <summary>The card these options were completed from, if any (for reports).</summary>
        public ModelCard? Card { get; init; }

        /// <summary>
        /// These options with every value they do not set taken from <paramref name="card"/>. The card's rate,
        /// momentum, Nesterov and weight decay go with the card's optimizer: when the optimizer is overridden, those
        /// fall back on that optimizer's defaults. Null or an already applied card changes nothing.
        /// </summary>
        public TrainerOptions WithCard(ModelCard? card)
        {
            if (card == null || Card != null) return this;
            var cardKind = OptimizerKinds.Parse(card.Optimizer);
            bool sameOptimizer = optimizer == null || optimizer == cardKind;
            var filled = CardRecipe.None;
            if (sameOptimizer)
            {
                if (learningRate == null && card.LearningRate != null) filled |= CardRecipe.LearningRate;
                if (momentum == null && card.Momentum != null) filled |= CardRecipe.Momentum;
                if (nesterov == null && card.Nesterov) filled |= CardRecipe.Nesterov;
                if (weightDecay == null && card.WeightDecay != null) filled |= CardRecipe.WeightDecay;
            }
            bool classifier = (task ?? card.Task) == ModelTask.Classification;
            Precision? cardPrecision = card.Precision is Precision p && PrecisionSupport.IsFast(p, ResolveDevice()) ? p : null;
            var marks = CardFilled.None;
            if (optimizer == null && card.Optimizer != null) marks |= CardFilled.Optimizer;
            if (schedule == null && card.Schedule != null) marks |= CardFilled.Schedule;
            if (batchSize == null && card.BatchSize != null) marks |= CardFilled.BatchSize;
            if (epochs == null && card.Epochs != null) marks |= CardFilled.Epochs;
            if (labelSmoothing == null && classifier && card.LabelSmoothing != null) marks |= CardFilled.LabelSmoothing;
            if (precision == null && cardPrecision != null) marks |= CardFilled.Precision;
            if (MixupAlpha == null && classifier && card.MixupAlpha != null) marks |= CardFilled.Mixup;
            if (CutMixAlpha == null && classifier && card.CutMixAlpha != null) marks |= CardFilled.CutMix;
            if (LearningRateScales == null && !card.LearningRateScales.IsEmpty) marks |= CardFilled.LearningRateScales;
            return this with
            {
                Card = card,
                fromCard = filled,
                cardOptimizer = filled == CardRecipe.None ? null : cardKind,
                task = task ?? card.Task,
                epochs = epochs ?? card.Epochs,
                recalibrateBatchNorm = recalibrateBatchNorm ?? card.PreciseBatchNorm,
                batchSize = batchSize ?? card.BatchSize,
                optimizer = optimizer ?? (card.Optimizer == null ? null : cardKind),
                learningRate = learningRate ?? (sameOptimizer ? card.LearningRate : null),
                momentum = momentum ?? (sameOptimizer ? card.Momentum : null),
                nesterov = nesterov ?? (sameOptimizer && card.Nesterov ? true : null),
                weightDecay = weightDecay ?? (sameOptimizer ? card.WeightDecay : null),
                schedule = schedule ?? ParseSchedule(card.Schedule),
                WarmupEpochs = WarmupSteps != null || defaultWarmup ? WarmupEpochs : WarmupEpochs ?? card.WarmupEpochs,
                learningRateScales = LearningRateScales ?? (card.LearningRateScales.IsEmpty ? null : card.LearningRateScales),
                labelSmoothing = labelSmoothing ?? (classifier ? card.LabelSmoothing : null),
                mixupAlpha = MixupAlpha ?? (classifier ? card.MixupAlpha : null),
                cutMixAlpha = CutMixAlpha ?? (classifier ? card.CutMixAlpha : null),
                precision = precision ?? cardPrecision,
                cardFilled = cardFilled | marks,
            };
        }

        /// <summary>The card of <paramref name="model"/> when it is a catalogued or carded <see cref="Network"/>.</summary>
        /// <remarks>An unset <see cref="ModelName"/> becomes the model's own (<see cref="NameOf"/>).</remarks>
        public TrainerOptions WithCardOf(nn.Module model)
        {
            var named = modelName == null ? this with { ModelName = NameOf(model) } : this;
            return model is Network network ? named.WithCard(network.Card) : named;
        }

        /// <summary>
        /// These options with a resumed run's recorded settings (<see cref="WithRecordedRun"/>), then <paramref name="model"/>'s card
        /// filled in (<see cref="WithCardOf"/>), checked (<see cref="Check"/>): what training entry points run with.
        /// </summary>
        internal TrainerOptions CheckedFor(nn.Module model)
        {
            var options = WithRecordedRun().WithCardOf(model);
            options.Check();
            return options;
        }

        /// <summary>Warm-up steps: <see cref="WarmupSteps"/>, else <see cref="WarmupEpochs"/> × steps per epoch, else 3% of the run (at most 100).</summary>
        public long ResolveWarmupSteps(long totalSteps, int stepsPerEpoch) =>
            WarmupSteps ?? (WarmupEpochs is double e ? (long)Math.Round(e * stepsPerEpoch) : LearningRateSchedule.DefaultWarmup(totalSteps));

        /// <summary>The recipe in one line, marking what came from the model card: "adamw lr 0.001 (card), cosine, …".</summary>
        public string Describe()
        {
            string F(double v) => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
            string From(bool fromCard) => fromCard ? " (card)" : "";
            var parts = new System.Collections.Generic.List<string>
            {
                (Optimizer == OptimizerKind.Sgd && Nesterov ? "sgd nesterov" : Optimizer.Name()) + From(cardFilled.HasFlag(CardFilled.Optimizer)),
                "lr " + F(LearningRate) + From(fromCard.HasFlag(CardRecipe.LearningRate)),
                Schedule.ToString().ToLowerInvariant() + From(cardFilled.HasFlag(CardFilled.Schedule)),
                "warm-up " + (WarmupSteps is int s ? s + " steps" : WarmupEpochs is double e ? F(e) + " epochs" : "3%"),
                "weight decay " + F(ResolvedWeightDecay) + From(fromCard.HasFlag(CardRecipe.WeightDecay)),
                "batch " + BatchSize + From(cardFilled.HasFlag(CardFilled.BatchSize)),
                "epochs " + Epochs + From(cardFilled.HasFlag(CardFilled.Epochs)),
            };
            if (LabelSmoothing > 0) parts.Add("label smoothing " + F(LabelSmoothing) + From(cardFilled.HasFlag(CardFilled.LabelSmoothing)));
            if (Precision != Precision.Fp32) parts.Add(Precision.Name() + From(cardFilled.HasFlag(CardFilled.Precision)));
            else if (precision == null && Card?.Precision is Precision wanted && wanted != Precision.Fp32)   // unset: the card's was not taken
                parts.Add($"fp32 (the card's {wanted.Name()} is not fast on {ResolveDevice().type.ToString().ToLowerInvariant()})");
            if (Augmentation != null) parts.Add("augment " + Augmentation);
            if (Mixes) parts.Add(DescribeMixing(F, From));
            if (ClassWeights != null) parts.Add("class weights " + ClassWeighting.Describe(ClassWeights));
            else if (BalanceClasses) parts.Add("class weights balanced");
            if (EmaDecay is double ema) parts.Add("weight EMA " + ema.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            if (LearningRateScales is { IsEmpty: false } scales) parts.Add("lr scales " + scales + From(cardFilled.HasFlag(CardFilled.LearningRateScales)));
            return string.Join(", ", parts);
        }

        /// <summary>"mixup 0.2 (card), cutmix 1 (one per batch)": the α of each mixing that is on.</summary>
        string DescribeMixing(Func<double, string> f, Func<bool, string> from)
        {
            var on = new System.Collections.Generic.List<string>();
            if (MixupAlpha is double m && m > 0) on.Add("mixup " + f(m) + from(cardFilled.HasFlag(CardFilled.Mixup)));
            if (CutMixAlpha is double c && c > 0) on.Add("cutmix " + f(c) + from(cardFilled.HasFlag(CardFilled.CutMix)));
            return string.Join(", ", on) + (on.Count > 1 ? " (one per batch)" : "");
        }

        static ScheduleKind? ParseSchedule(string? name) => name switch
        {
            null => null,
            "step" => ScheduleKind.Step,
            "onecycle" => ScheduleKind.OneCycle,
            _ => ScheduleKind.Cosine,
        };
    }
}
