using System;
using System.IO;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// The one rule for where a checkpoint is read from when a caller names a checkpoint file or a training run's folder
    /// (<c>Predictor.Load</c>, the CLI's <c>--checkpoint</c>): a file as given; a folder's <c>best.bin</c>, else its
    /// <c>checkpoint.bin</c> (a run stopped before its first best).
    /// </summary>
    public static class CheckpointPath
    {
        /// <summary>
        /// The checkpoint file <paramref name="runFolderOrCheckpoint"/> stands for; a path that does not exist, or a folder
        /// with neither file, is a <see cref="FileNotFoundException"/> naming it.
        /// </summary>
        public static string Resolve(string runFolderOrCheckpoint)
        {
            ArgumentException.ThrowIfNullOrEmpty(runFolderOrCheckpoint);
            if (File.Exists(runFolderOrCheckpoint)) return runFolderOrCheckpoint;
            if (!Directory.Exists(runFolderOrCheckpoint))
                throw new FileNotFoundException($"{runFolderOrCheckpoint}: no such checkpoint file or run folder", runFolderOrCheckpoint);
            foreach (string name in new[] { Checkpoint.BestFileName, Checkpoint.FileName })
            {
                string path = Path.Combine(runFolderOrCheckpoint, name);
                if (File.Exists(path)) return path;
            }
            throw new FileNotFoundException($"{runFolderOrCheckpoint}: a folder with neither {Checkpoint.BestFileName} nor {Checkpoint.FileName}; give a training run's folder (TrainerOptions.OutDir, --out) or a checkpoint file", runFolderOrCheckpoint);
        }
    }
}
