using System.Globalization;
using System.IO;
using NetDsl.Runtime.Training;
using Spectre.Console;

namespace NetDsl.Cli
{
    /// <summary>
    /// Plain lines for logs and CI: every <c>--progress-every</c> seconds within an epoch a step line (step, loss, images/s, rate,
    /// elapsed and ETA, as Lightning's and timm's logs print every few steps whether or not a terminal watches), and one line per
    /// finished epoch.
    /// </summary>
    internal sealed class PlainProgressObserver : ITrainingObserver
    {
        /// <summary>Seconds between two step lines unless <c>--progress-every</c> says otherwise.</summary>
        public const double DefaultSeconds = 30;

        readonly TextWriter output;
        readonly double every;
        int epochs, skipped;
        double lastLine;

        /// <param name="output">where the lines go</param>
        /// <param name="every">seconds between two step lines within an epoch (0: every step)</param>
        public PlainProgressObserver(TextWriter output, double every = DefaultSeconds)
        {
            this.output = output;
            this.every = every;
        }

        public void EpochStarting(int epoch, int epochs, int steps, int skipped)
        {
            this.epochs = epochs;
            this.skipped = skipped;
            lastLine = 0;
            if (skipped > 0) output.WriteLine($"epoch {epoch}/{epochs}: resuming after step {skipped}/{steps}");
        }

        public void StepFinished(StepProgress p)
        {
            // The last step's line would come just before the epoch's own.
            if (p.Step >= p.Steps || p.Seconds - lastLine < every) return;
            lastLine = p.Seconds;
            int done = p.Step - skipped;
            double eta = done > 0 ? p.Seconds / done * (p.Steps - p.Step) : 0;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "epoch {0}/{1} step {2}/{3} loss {4:F4} {5:F0} img/s lr {6:G3} elapsed {7} eta {8}",
                p.Epoch, epochs, p.Step, p.Steps, p.MeanLoss, p.ImagesPerSecond, p.LearningRate, Clock(p.Seconds), Clock(eta)));
        }

        /// <summary>Seconds as h:mm:ss (or m:ss under an hour).</summary>
        internal static string Clock(double seconds)
        {
            var t = System.TimeSpan.FromSeconds(System.Math.Round(seconds));
            return t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes}:{t.Seconds:00}";
        }

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
