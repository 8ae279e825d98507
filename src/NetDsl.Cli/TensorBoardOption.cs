using System.IO;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary><c>train --tensorboard</c>: also log the run as TensorBoard event files under <c>OUT/tensorboard</c>.</summary>
    internal static class TensorBoardOption
    {
        /// <summary>The progress observer, joined by a <see cref="TensorBoardLogger"/> when the flag is given.</summary>
        public static ITrainingObserver With(CliArguments args, TrainerOptions options, ITrainingObserver progress, TextWriter output)
        {
            if (!args.Flag("tensorboard")) return progress;
            var logger = new TensorBoardLogger(Path.Combine(options.OutDir!, "tensorboard"));
            output.WriteLine($"tensorboard: {logger.Directory} (tensorboard --logdir {logger.Directory})");
            return new ObserverList(progress, logger);
        }
    }
}
