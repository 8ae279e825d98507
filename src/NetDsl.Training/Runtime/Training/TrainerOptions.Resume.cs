using System.IO;

namespace NetDsl.Runtime.Training
{
    // A resumed run's part of the options: what it recorded fills what these options leave unset, before the card does.
    public sealed partial record TrainerOptions
    {
        /// <summary>
        /// These options with every training setting they leave unset taken from the run <paramref name="recorded"/> describes
        /// (its checkpoint's <see cref="RunSettings"/>): optimizer, rate, batch size, schedule, epochs, precision, the Mixup and
        /// CutMix α, and (recorded since 0.9's later checkpoints) weight decay and what it exempts, SGD's momentum and Nesterov,
        /// warm-up, label smoothing, gradient clipping, accumulation and the learning-rate scales. Applied before <see cref="WithCard"/>, so a resume continues the run as it was started, not with the card's or
        /// the defaults' values; a value set here still wins (and <see cref="RunSettings.Compare"/> reports or refuses it).
        /// A recorded precision the device cannot run (fp16-mixed off CUDA) is left to the card and the defaults. Null changes nothing.
        /// </summary>
        public TrainerOptions WithRecorded(RunSettings? recorded)
        {
            if (recorded == null) return this;
            var recordedOptimizer = OptimizerKinds.Parse(recorded.Optimizer);
            // Momentum, Nesterov and weight decay belong to the run's optimizer: another one given now keeps its own defaults (as WithCard does).
            bool sameOptimizer = optimizer == null || optimizer == recordedOptimizer;
            var warmup = WarmupSteps == null && WarmupEpochs == null ? RunSettings.ParseWarmup(recorded.Warmup) : null;
            Precision? recordedPrecision = recorded.Precision is string name && PrecisionNames.TryParse(name, out var p)
                && (p != Precision.Fp16Mixed || ResolveDevice().type == TorchSharp.DeviceType.CUDA) ? p : null;
            return this with
            {
                optimizer = optimizer ?? recordedOptimizer,
                learningRate = learningRate ?? recorded.LearningRate,
                batchSize = batchSize ?? recorded.Batch,
                schedule = schedule ?? ParseSchedule(recorded.Schedule),
                epochs = epochs ?? recorded.Epochs,
                precision = precision ?? recordedPrecision,
                // Recorded as null when off: 0 keeps a card's α from switching mixing on for a run that had none.
                MixupAlpha = MixupAlpha ?? recorded.Mixup ?? 0,
                CutMixAlpha = CutMixAlpha ?? recorded.CutMix ?? 0,
                // The rest of the recipe, where the checkpoint recorded it (null before: the card and defaults fill it, as before).
                WeightDecay = WeightDecay ?? (sameOptimizer ? recorded.WeightDecay : null),
                momentum = momentum ?? (sameOptimizer ? recorded.Momentum : null),
                nesterov = nesterov ?? (sameOptimizer ? recorded.Nesterov : null),
                exemptNormsAndBiasesFromDecay = exemptNormsAndBiasesFromDecay ?? !recorded.DecayAll,
                WarmupSteps = warmup?.Steps ?? WarmupSteps,
                WarmupEpochs = warmup?.Epochs ?? WarmupEpochs,
                defaultWarmup = defaultWarmup || warmup?.Default == true,
                labelSmoothing = labelSmoothing ?? recorded.LabelSmoothing,
                ClipNorm = ClipNorm ?? (recorded.ClipNorm is > 0 ? recorded.ClipNorm : null),
                accumulate = accumulate ?? recorded.Accumulate,
                // The run's validation split: a resume that does not name one keeps it (RunSettings.Compare refuses another).
                ValidationFraction = ValidationFraction ?? recorded.ValidationFraction,
                LearningRateScales = LearningRateScales ?? (recorded.LearningRateScales is string scales ? NetDsl.LearningRateScales.Parse(scales) : null),
            };
        }

        /// <summary>
        /// With <see cref="Resume"/> and an <see cref="OutDir"/>, <see cref="WithRecorded"/> from the checkpoint there; a missing
        /// or unreadable checkpoint changes nothing here (the resume itself then names the problem).
        /// </summary>
        internal TrainerOptions WithRecordedRun()
        {
            if (!Resume || OutDir == null) return this;
            string path = Path.Combine(OutDir, Checkpoint.FileName);
            if (!File.Exists(path)) return this;
            try
            {
                return WithRecorded(Checkpoint.ReadInfo(path).Settings);
            }
            catch (System.Exception e) when (e is InvalidDataException or IOException or System.UnauthorizedAccessException or System.ArgumentException)
            {
                return this;
            }
        }
    }
}
