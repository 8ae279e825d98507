using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// Builds a catalogue model at an input size with a class count: the one construction path of train, eval,
    /// infer and export, so a head sized at training is rebuilt the same way wherever its weights go next.
    /// </summary>
    internal static class ModelBuild
    {
        /// <summary><see cref="ModelConstruction.CreateAt"/>: the one construction path of train, eval, infer, export and serving.</summary>
        public static Network Create(ModelEntry entry, TensorShape? input, int? classes, ModelArguments? arguments = null) =>
            entry.CreateAt(input, classes, arguments);

        /// <summary>
        /// The <c>--arg NAME=VALUE[,NAME=VALUE…]</c> option, checked against <paramref name="entry"/>'s constructors; null when not
        /// given. A malformed pair, a name no constructor takes or a value its parameter cannot take is a usage error (exit 2).
        /// </summary>
        public static ModelArguments? Arguments(CliArguments args, ModelEntry entry)
        {
            string? text = args.Value(ArgumentsOption);
            if (text == null) return null;
            ModelArguments arguments;
            try { arguments = ModelArguments.Parse(text); }
            catch (System.FormatException e) { throw new CliUsageException($"--{ArgumentsOption}: {e.Message}"); }
            if (entry.ArgumentProblem(arguments) is string problem) throw new CliUsageException(problem);
            return arguments;
        }

        /// <summary>The option's name.</summary>
        public const string ArgumentsOption = "arg";

        /// <summary>
        /// The class count a fresh training run sizes the head to, as torchvision's and timm's reference scripts do
        /// (<c>num_classes = len(dataset.classes)</c>): the data's, for a classifier or segmenter whose declared head
        /// has another width and whose declaration takes <c>classes</c>; null when the declared head already fits or
        /// cannot change (detectors' grids are sized by their own rule).
        /// </summary>
        public static int? DataSizedClasses(ModelEntry entry, Network network, int dataClasses)
        {
            if (dataClasses < 1 || !entry.HeadFollowsData() || network.OutputShape.C == dataClasses) return null;
            return dataClasses;
        }
    }
}
