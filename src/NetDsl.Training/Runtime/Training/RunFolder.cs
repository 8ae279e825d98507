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

        public void SaveLast(CheckpointInfo info, nn.Module model, IOptimizer optimizer) => Checkpoint.Save(LastCheckpoint, info, model, optimizer);

        public void SaveEpoch(CheckpointInfo info, nn.Module model, IOptimizer optimizer, bool isBest, IReadOnlyList<EpochMetrics> history)
        {
            SaveLast(info, model, optimizer);
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
