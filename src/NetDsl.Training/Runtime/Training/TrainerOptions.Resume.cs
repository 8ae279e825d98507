using System.IO;

namespace NetDsl.Runtime.Training
{
    // A resumed run's part of the options: what it recorded fills what these options leave unset, before the card does.
    public sealed partial record TrainerOptions
    {
        /// <summary>
        /// These options with every training setting they leave unset taken from the run <paramref name="recorded"/> describes
        /// (its checkpoint's <see cref="RunSettings"/>): optimizer, rate, batch size, schedule, epochs, precision and the Mixup and
        /// CutMix α. Applied before <see cref="WithCard"/>, so a resume continues the run as it was started, not with the card's or
        /// the defaults' values; a value set here still wins (and <see cref="RunSettings.Compare"/> reports or refuses it).
        /// A recorded precision the device cannot run (fp16-mixed off CUDA) is left to the card and the defaults. Null changes nothing.
        /// </summary>
        public TrainerOptions WithRecorded(RunSettings? recorded)
        {
            if (recorded == null) return this;
            Precision? recordedPrecision = recorded.Precision is string name && PrecisionNames.TryParse(name, out var p)
                && (p != Precision.Fp16Mixed || ResolveDevice().type == TorchSharp.DeviceType.CUDA) ? p : null;
            return this with
            {
                optimizer = optimizer ?? OptimizerKinds.Parse(recorded.Optimizer),
                learningRate = learningRate ?? recorded.LearningRate,
                batchSize = batchSize ?? recorded.Batch,
                schedule = schedule ?? ParseSchedule(recorded.Schedule),
                epochs = epochs ?? recorded.Epochs,
                precision = precision ?? recordedPrecision,
                // Recorded as null when off: 0 keeps a card's α from switching mixing on for a run that had none.
                MixupAlpha = MixupAlpha ?? recorded.Mixup ?? 0,
                CutMixAlpha = CutMixAlpha ?? recorded.CutMix ?? 0,
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
