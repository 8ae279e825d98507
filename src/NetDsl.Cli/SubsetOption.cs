using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary><c>--train-images N</c> / <c>--test-images N</c> on file data: the seeded subset train, lr-find and eval draw.</summary>
    internal static class SubsetOption
    {
        /// <summary>
        /// The images of file data's splits to draw (null: all): --train-images and --test-images where the command declares them
        /// (lr-find has no --test-images, eval no --train-images), else a resumed run's recorded ones. For data held whole in
        /// memory other than the shapes set (mnist:) either is a usage error.
        /// </summary>
        public static (int? Train, int? Test) Read(CliArguments args, DataSource data, CheckpointInfo? resumed = null)
        {
            int? train = Given(args, "train-images");
            int? test = Given(args, "test-images");
            if (data.IsFileBacked) return (train ?? resumed?.Settings?.TrainImages, test ?? resumed?.Settings?.TestImages);
            if (data.IsMnist && (train != null || test != null))
                throw new CliUsageException($"{(train != null ? "--train-images" : "--test-images")}: {data} is read whole; --train-images and --test-images " +
                    "size the built-in shapes set and draw a subset of file data (cifar10:, folder:, maskfolder:)");
            return (null, null);
        }

        /// <summary>The run header's line for a drawn subset.</summary>
        public static string Line(DataSubset subset) => $"subset: {subset}, the same images for the same seed (--train-images, --test-images)";

        /// <summary>The count <c>--name</c> gives (1 or more); null when the command lacks the option or it is not given.</summary>
        public static int? Given(CliArguments args, string name) => args.Declares(name) && args.Value(name) != null ? args.Int(name, 1, 1) : null;
    }
}
