using System;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>A run stopped on request (<see cref="TrainerOptions.Stop"/>) after its checkpoint was written.</summary>
    public sealed class TrainingStoppedException : Exception
    {
        /// <summary>A stop on request, with the checkpoint written (null when none was).</summary>
        public TrainingStoppedException(string message, string? checkpoint) : base(message) => Checkpoint = checkpoint;

        /// <summary>The checkpoint to resume from; null when the trainer had no output folder.</summary>
        public string? Checkpoint { get; }
    }

    /// <summary>How a stop request ends a run: the finished step is saved (atomically, as every checkpoint) first.</summary>
    static class CleanStop
    {
        public static TrainingStoppedException Save(RunFolder? folder, CheckpointInfo info, nn.Module model, IOptimizer optimizer, int epoch, int stepInEpoch)
        {
            folder?.SaveLast(info, model, optimizer);
            return new TrainingStoppedException(
                $"stopped on request after step {stepInEpoch} of epoch {epoch}" + Where(folder), folder?.LastCheckpoint);
        }

        public static TrainingStoppedException AtEpochEnd(RunFolder? folder, int epoch, long step) =>
            new TrainingStoppedException($"stopped on request after epoch {epoch} (global step {step})" + Where(folder), folder?.LastCheckpoint);

        public static TrainingStoppedException BeforeStart(RunFolder? folder, int epochsDone, long step, bool resumed) =>
            resumed && folder != null
                ? new TrainingStoppedException($"stopped on request before the first step: nothing trained after epoch {epochsDone} (global step {step}); " +
                    $"the checkpoint is unchanged: {folder.LastCheckpoint}", folder.LastCheckpoint)
                : new TrainingStoppedException("stopped on request before the first step: nothing trained or saved", null);

        static string Where(RunFolder? folder) => folder == null ? " (no output folder: nothing saved)" : $"; checkpoint written to {folder.LastCheckpoint}";
    }
}
