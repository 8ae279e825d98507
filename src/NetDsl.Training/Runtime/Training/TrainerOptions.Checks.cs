using System;

namespace NetDsl.Runtime.Training
{
    public sealed partial record TrainerOptions
    {
        /// <summary>
        /// Refuses values no run can use before anything is built or written, naming the option and its value: a NaN or
        /// negative learning rate otherwise surfaces as "loss is NaN" a step later or trains the wrong way silently (PyTorch's
        /// optimizers refuse a negative lr, momentum or weight decay too), a negative clip norm flips every gradient, a
        /// negative warm-up or checkpoint interval is quietly read as none.
        /// </summary>
        internal void Check()
        {
            static void Require(bool ok, string option, object value, string rule)
            {
                if (!ok) throw new ArgumentOutOfRangeException("options", value, $"TrainerOptions.{option} is {value}; it {rule}");
            }
            Require(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
            Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
            Require(Accumulate >= 1, nameof(Accumulate), Accumulate, "must be at least 1");
            Require(double.IsFinite(LearningRate) && LearningRate >= 0, nameof(LearningRate), LearningRate, "must be a finite number, 0 or more");
            Require(double.IsFinite(Momentum) && Momentum >= 0, nameof(Momentum), Momentum, "must be a finite number, 0 or more");
            if (WeightDecay is double decay) Require(double.IsFinite(decay) && decay >= 0, nameof(WeightDecay), decay, "must be a finite number, 0 or more");
            if (ClipNorm is double clip) Require(double.IsFinite(clip) && clip > 0, nameof(ClipNorm), clip, "must be a finite number above 0 (null: no clipping)");
            if (EmaDecay is double ema) Require(ema > 0 && ema < 1, nameof(EmaDecay), ema, "must lie strictly between 0 and 1, e.g. 0.999 (null: no average)");
            if (WarmupSteps is int warmup) Require(warmup >= 0, nameof(WarmupSteps), warmup, "must be 0 or more (null: 3% of the run)");
            if (WarmupEpochs is double warmupEpochs) Require(double.IsFinite(warmupEpochs) && warmupEpochs >= 0, nameof(WarmupEpochs), warmupEpochs, "must be 0 or more");
            if (Patience is int patience) Require(patience >= 0, nameof(Patience), patience, "must be 0 or more (null: run every epoch)");
            Require(CheckpointEvery >= 0, nameof(CheckpointEvery), CheckpointEvery, "must be 0 or more (0: only at epoch ends)");
            if (OutDir != null && string.IsNullOrWhiteSpace(OutDir))
                throw new ArgumentException($"TrainerOptions.OutDir is \"{OutDir}\"; name a folder, or leave it null to write nothing", "options");
            if (MixupAlpha is double mixup) Require(double.IsFinite(mixup) && mixup >= 0, nameof(MixupAlpha), mixup, "must be a finite α above 0, e.g. 0.2 (0 or null: off)");
            if (CutMixAlpha is double cutMix) Require(double.IsFinite(cutMix) && cutMix >= 0, nameof(CutMixAlpha), cutMix, "must be a finite α above 0, e.g. 1.0 (0 or null: off)");
            if (Mixes && Task != ModelTask.Classification)
                throw new ArgumentException($"TrainerOptions.{(MixupAlpha > 0 ? nameof(MixupAlpha) : nameof(CutMixAlpha))} mixes classification targets; " +
                                            $"this is a {Task.ToString().ToLowerInvariant()} task: leave MixupAlpha and CutMixAlpha unset", "options");
            if (Mixes && Loss != null)
                throw new ArgumentException($"TrainerOptions.{(MixupAlpha > 0 ? nameof(MixupAlpha) : nameof(CutMixAlpha))} trains against soft targets with cross-entropy; " +
                                            "TrainerOptions.Loss replaces the task's loss and takes hard labels: set one of the two", "options");
            if (Validates) Data.ValidationSplit.Check(ValidationFraction!.Value, "TrainerOptions." + nameof(ValidationFraction));
            Require(RecalibrateBatchNorm >= 0, nameof(RecalibrateBatchNorm), RecalibrateBatchNorm, "must be 0 or more");
            CheckClassWeights();
        }
    }
}
