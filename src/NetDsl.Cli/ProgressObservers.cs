using System.Globalization;
using System.IO;
using NetDsl.Runtime.Training;
using Spectre.Console;

namespace NetDsl.Cli
{
    /// <summary>One line per finished epoch, for logs and CI.</summary>
    internal sealed class PlainProgressObserver : ITrainingObserver
    {
        readonly TextWriter output;
        public PlainProgressObserver(TextWriter output) { this.output = output; }

        public void EpochStarting(int epoch, int epochs, int steps, int skipped)
        {
            if (skipped > 0) output.WriteLine($"epoch {epoch}/{epochs}: resuming after step {skipped}/{steps}");
        }

        public void StepFinished(StepProgress progress) { }
        public void EpochFinished(EpochMetrics metrics, int epochs) => output.WriteLine(Describe(metrics, epochs));

        /// <summary>The epoch line (the library's <see cref="ConsoleProgress.Describe"/>).</summary>
        public static string Describe(EpochMetrics m, int epochs) => ConsoleProgress.Describe(m, epochs);
    }

    /// <summary>A live Spectre progress bar per epoch: step, running loss, images/s, rate and ETA; then the epoch's line.</summary>
    internal sealed class SpectreProgressObserver : ITrainingObserver
    {
        readonly ProgressContext context;
        readonly IAnsiConsole console;
        ProgressTask? task;

        public SpectreProgressObserver(ProgressContext context, IAnsiConsole console)
        {
            this.context = context;
            this.console = console;
        }

        public void EpochStarting(int epoch, int epochs, int steps, int skipped)
        {
            task = context.AddTask($"epoch {epoch}/{epochs}", maxValue: steps);
            task.Value = skipped;
        }

        public void StepFinished(StepProgress p)
        {
            if (task == null) return;
            task.Value = p.Step;
            task.Description = Markup.Escape(string.Format(CultureInfo.InvariantCulture,
                "epoch {0} step {1}/{2} loss {3:F4} {4:F0} img/s lr {5:G3}", p.Epoch, p.Step, p.Steps, p.MeanLoss, p.ImagesPerSecond, p.LearningRate));
        }

        public void EpochFinished(EpochMetrics metrics, int epochs)
        {
            task?.StopTask();
            console.MarkupLine(Markup.Escape(PlainProgressObserver.Describe(metrics, epochs)));
        }
    }
}
