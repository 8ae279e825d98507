using System.CommandLine;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>Options several commands share, declared once here (name, description, default).</summary>
    internal static class CommonOptions
    {
        public static Argument<string> Model(this CommandSpec c) => c.Positional("MODEL", "a model name from 'list'");

        public static Option<DataSource> Data(this CommandSpec c) =>
            c.Parsed("--data", "shapes|mnist:DIR|cifar10:DIR|folder:DIR|maskfolder:DIR",
                "the data set: the built-in shapes, MNIST or CIFAR-10 files, an image folder (a sub-folder per class) or a mask folder",
                "a data source (" + DataSourceSyntax.Choices + ")", DataSource.Shapes, DataSourceSyntax.Parse);

        public static Option<TensorShape?> Input(this CommandSpec c, string fallback = "the model's declared input, or one the data suits") =>
            c.Shape("--input", "build the model for this input size", fallback);

        public static Option<int> Batch(this CommandSpec c, int fallback) => c.Int("--batch", "samples per batch", fallback, min: 1);

        public static Option<int> Seed(this CommandSpec c) => c.Int("--seed", "seed for initialisation, shuffling and the shapes set", 0, min: 0);

        public static Option<string?> Weights(this CommandSpec c, string description = "a safetensors state dict (torchvision keys), loaded strictly") =>
            c.Text("--weights", "FILE", description);

        public static Option<string?> Checkpoint(this CommandSpec c, string description = "a NetDsl checkpoint (best.bin / checkpoint.bin of a run)") =>
            c.Text("--checkpoint", "FILE", description);

        /// <summary>The default batch of <c>train</c>, from <see cref="TrainerOptions"/>.</summary>
        public static int TrainingBatch => new TrainerOptions().BatchSize;
    }
}
