using System.Globalization;
using System.IO;
using NetDsl.Runtime.Training;
using Spectre.Console;

namespace NetDsl.Cli
{
    /// <summary>One line per finished epoch, for logs and CI.</summary>
    public sealed class PlainProgressObserver : ITrainingObserver
    {
        readonly TextWriter output;
        public PlainProgressObserver(TextWriter output) { this.output = output; }

        public void EpochStarting(int epoch, int epochs, int steps) { }
        public void StepFinished(int epoch, int step, double meanLoss) { }
        public void EpochFinished(EpochMetrics metrics, int epochs) => output.WriteLine(Describe(metrics, epochs));

        public static string Describe(EpochMetrics m, int epochs) => string.Format(CultureInfo.InvariantCulture,
            "epoch {0}/{1}  train loss {2:F4} acc {3:F4}  test loss {4:F4} acc {5:F4}  lr {6:G3}  {7:F1}s",
            m.Epoch, epochs, m.TrainLoss, m.TrainAccuracy, m.TestLoss, m.TestAccuracy, m.LearningRate, m.Seconds);
    }

    /// <summary>A live Spectre progress bar per epoch showing the running loss, then the epoch's line.</summary>
    public sealed class SpectreProgressObserver : ITrainingObserver
    {
        readonly ProgressContext context;
        readonly IAnsiConsole console;
        ProgressTask? task;

        public SpectreProgressObserver(ProgressContext context, IAnsiConsole console)
        {
            this.context = context;
            this.console = console;
        }

        public void EpochStarting(int epoch, int epochs, int steps) =>
            task = context.AddTask($"epoch {epoch}/{epochs}", maxValue: steps);

        public void StepFinished(int epoch, int step, double meanLoss)
        {
            if (task == null) return;
            task.Value = step;
            task.Description = string.Format(CultureInfo.InvariantCulture, "epoch {0} loss {1:F4}", epoch, meanLoss);
        }

        public void EpochFinished(EpochMetrics metrics, int epochs)
        {
            task?.StopTask();
            console.MarkupLine(Markup.Escape(PlainProgressObserver.Describe(metrics, epochs)));
        }
    }
}
