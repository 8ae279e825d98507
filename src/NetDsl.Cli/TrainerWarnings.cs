using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// The trainer's warnings (<see cref="TrainingContext.Warnings"/>: a slow precision, another input size, a resumed run that
    /// had stopped early, nothing left to train) on stderr as the run starts, through <see cref="CliConsole.Warn"/>, so one the CLI
    /// already printed (<see cref="PrecisionOption.Check"/>) is not printed again.
    /// </summary>
    internal sealed class TrainerWarnings : ITrainingObserver
    {
        readonly CliConsole console;
        public TrainerWarnings(CliConsole console) { this.console = console; }

        public void TrainingStarting(TrainingContext run)
        {
            foreach (string warning in run.Warnings) console.Warn(warning);
        }

        public void TrainingFinished(TrainingResult result)
        {
            foreach (string warning in result.Warnings) console.Warn(warning);
        }

        public void EpochStarting(int epoch, int epochs, int steps, int skipped) { }
        public void StepFinished(StepProgress progress) { }
        public void EpochFinished(EpochMetrics metrics, int epochs) { }
    }
}
