using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// Keeps <c>train</c> from losing a run: <see cref="RunLock.Claim"/> (the training library's guard, which
    /// <see cref="Trainer"/> and <c>Fit</c> apply too) refuses a folder that already holds a run (a checkpoint, best
    /// weights or metrics) without <c>--resume</c>, nothing in it touched, then claims it (so a second run into it at
    /// the same time is refused, and an unwritable --out is named before the first step). The refusal is worded here
    /// in the command line's options.
    /// </summary>
    internal static class OutFolderGuard
    {
        public static RunLock Claim(TrainerOptions options)
        {
            try
            {
                return RunLock.Claim(options.OutDir!, options.Resume);
            }
            catch (ExistingRunException e)
            {
                throw new CliUsageException(
                    $"{e.Directory}: already holds a run ({string.Join(", ", e.Files)}); nothing was changed. " +
                    $"Add --resume to continue it, or train into another folder (--out {e.FreeFolder})");
            }
        }
    }
}
