using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A run's output folder: <c>checkpoint.bin</c> (the latest state), <c>best.bin</c>, metrics logs and
    /// curves. Every file is replaced atomically, so whatever a killed or failed run leaves is complete.
    /// </summary>
    sealed class RunFolder
    {
        readonly string directory, title;

        public RunFolder(string directory, string title)
        {
            this.directory = directory;
            this.title = title;
        }

        public string LastCheckpoint => Path.Combine(directory, Checkpoint.FileName);

        /// <summary>Per-step metrics (<c>steps.csv</c>), also drawn in the curves.</summary>
        public StepLog Steps => steps ??= new StepLog(directory);
        StepLog? steps;
        public string BestCheckpoint => Path.Combine(directory, Checkpoint.BestFileName);

        /// <summary>Restores a run after checking it is this model, input, seed and optimizer.</summary>
        public CheckpointInfo Restore(nn.Module model, IOptimizer optimizer, TrainerOptions options, TrainingData data)
        {
            string input = data.Input;
            string path = LastCheckpoint;
            var info = Checkpoint.ReadInfoToResume(directory);
            // A run recorded as the unnamed "model" predates the trainer naming models: its model cannot be told, so it is not compared.
            bool otherModel = info.ModelName != options.ModelName && info.ModelName != TrainerOptions.UnnamedModel;
            if (otherModel || info.Input != input)
                throw new InvalidDataException($"{path}: was written for {info.ModelName} at input {info.Input}, not {options.ModelName} at {input}");
            if (info.Seed != options.Seed)
                throw new InvalidDataException($"{path}: was written with seed {info.Seed}; resume with TrainerOptions.Seed = {info.Seed}")
                    .WithCommandLine($"{path}: was written with seed {info.Seed}; resume with --seed {info.Seed}");
            if (info.Position is { Optimizer: var kind } && kind != "" && kind != optimizer.Kind)
                throw new InvalidDataException($"{path}: was written by optimizer {kind}; resume with the same optimizer, not {optimizer.Kind}");
            RunSettings.Compare(path, info, RunSettings.From(options, data, model));
            // Compare held the batch size of a mid-epoch checkpoint, so its epoch has as many batches as this one's.
            if (info.Position is { StepInEpoch: var stopped } && stopped > data.Train.BatchesPerEpoch)
                throw new InvalidDataException($"{path}: corrupt checkpoint: it stopped after batch {stopped} of an epoch of {data.Train.BatchesPerEpoch}; nothing was loaded");
            try
            {
                return Checkpoint.Load(path, model, optimizer);
            }
            catch (InvalidDataException e) when (!NetDsl.Weights.WeightLoader.IsMismatch(e))
            {
                // The header read, but the payload's checksum or a tensor did not: the best checkpoint may still be whole
                // (weights that do not fit this model, e.g. another head size, would not fit from best.bin either).
                throw Checkpoint.PointToBest(directory, e);
            }
        }

        /// <summary>Why best.bin would not load (truncated, a failed CRC-32); null when it reads or there is none.</summary>
        public string? BestDamage() => File.Exists(BestCheckpoint) ? Checkpoint.Damage(BestCheckpoint) : null;

        public void SaveLast(CheckpointInfo info, nn.Module model, IOptimizer optimizer)
        {
            try { Checkpoint.Save(LastCheckpoint, info, model, optimizer); }
            catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException) { throw SaveFailed(e); }
        }

        /// <summary>
        /// A failed write (a full disk) with the way on: the last complete checkpoint is untouched (every file is replaced
        /// whole), so the run continues from it with --resume once the cause is fixed, as after a stop signal.
        /// </summary>
        System.Exception SaveFailed(System.Exception e)
        {
            string intact;
            try { intact = File.Exists(LastCheckpoint) ? $"{LastCheckpoint} (epoch {Checkpoint.ReadInfo(LastCheckpoint).Epoch}) is intact" : "no checkpoint was written yet"; }
            catch (System.Exception read) when (read is IOException or InvalidDataException or System.UnauthorizedAccessException) { intact = $"{LastCheckpoint} does not read either"; }
            bool resumable = intact.EndsWith("is intact", System.StringComparison.Ordinal);
            string message = CommandLineWording.For(e);
            return new IOException($"{e.Message}; {intact}" + (resumable ? ": free space (or fix the folder) and train again with TrainerOptions.Resume = true to continue" : ""), e)
                .WithCommandLine($"{message}; {intact}" + (resumable ? ": free space (or fix the folder) and rerun with --resume to continue" : ""));
        }

        /// <summary>
        /// <paramref name="e"/>, an epoch-end evaluation's failure (an unreadable test file), with what was kept and the way on:
        /// the epoch's training is in <paramref name="checkpoint"/>, a data check lists every bad file, and a resume evaluates it.
        /// </summary>
        public static System.Exception EvaluationFailed(System.Exception e, int epoch, string checkpoint)
        {
            string kept = $"; epoch {epoch}'s training is saved in {checkpoint}: fix or remove the file and ";
            string message = e.Message + kept + "train again with TrainerOptions.Resume = true to evaluate the epoch and go on " +
                             "(DataCheck.Run(source) lists every unreadable file of the data)";
            string line = CommandLineWording.For(e) + kept + "rerun with --resume to evaluate the epoch and go on " +
                          "(netdsl data check SOURCE lists every unreadable file of the data)";
            return (e is IOException ? new IOException(message, e) : (System.Exception)new InvalidDataException(message, e)).WithCommandLine(line);
        }

        public void SaveEpoch(CheckpointInfo info, nn.Module model, IOptimizer optimizer, bool isBest, IReadOnlyList<EpochMetrics> history)
        {
            try { SaveEpochFiles(info, model, optimizer, isBest, history); }
            catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException) { throw SaveFailed(e); }
        }

        void SaveEpochFiles(CheckpointInfo info, nn.Module model, IOptimizer optimizer, bool isBest, IReadOnlyList<EpochMetrics> history)
        {
            Checkpoint.Save(LastCheckpoint, info, model, optimizer);
            if (isBest)
            {
                // A copy of the fresh checkpoint, renamed into place so best.bin is never half-written.
                string temporary = Path.Combine(directory, "." + Checkpoint.BestFileName + ".copy.tmp");
                File.Copy(LastCheckpoint, temporary, overwrite: true);
                File.Move(temporary, BestCheckpoint, overwrite: true);
            }
            MetricsLog.Write(directory, history);
            CurvePlot.Save(Path.Combine(directory, CurvePlot.FileName), history, title, Steps.Records);
        }

        /// <summary>
        /// Temporary files of a process killed while writing (only the files a run writes, each by <see cref="NetDsl.Files.ReplacingWrite"/>'s
        /// <c>.NAME.*.tmp</c>; the plain <c>NAME.tmp</c> names are those of runs written before it).
        /// </summary>
        public void RemoveStaleTemporaries()
        {
            if (!Directory.Exists(directory)) return;
            string[] written = { Checkpoint.FileName, Checkpoint.BestFileName, MetricsLog.CsvFileName, MetricsLog.JsonFileName, CurvePlot.FileName };
            foreach (string pattern in written.Select(name => "." + name + ".*.tmp")
                         .Concat(new[] { MetricsLog.CsvFileName + ".tmp", MetricsLog.JsonFileName + ".tmp", CurvePlot.FileName + ".tmp.png" }))
                foreach (string file in Directory.GetFiles(directory, pattern))
                    File.Delete(file);
        }
    }
}
