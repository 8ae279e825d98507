using System.Collections.Generic;
using System.Globalization;
using NetDsl.Runtime.Data;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>The network built for training and why its input size was chosen.</summary>
    internal sealed record TrainingInput(Network Network, TensorShape Input, string Reason)
    {
        /// <summary>
        /// The same choice with the head the data needs (<see cref="ModelBuild.DataSizedClasses"/>): this network is
        /// disposed and the model rebuilt, seeded alike, with <c>Classes</c> set; unchanged when the head already fits.
        /// </summary>
        public TrainingInput WithDataClasses(ModelEntry entry, int dataClasses, int seed)
        {
            if (ModelBuild.DataSizedClasses(entry, Network, dataClasses) is not int classes) return this;
            var rebuilt = TrainingInputChooser.Build(entry, Input, seed, classes, Arguments);
            if (rebuilt.InputShape != Network.InputShape)
            {
                // A declaration whose other parameters the catalogue entry does not record: keep the declared head.
                rebuilt.Dispose();
                return this;
            }
            int declared = Network.OutputShape.C;
            Network.Dispose();
            return this with { Network = rebuilt, Classes = classes, DeclaredClasses = declared };
        }

        /// <summary>
        /// The head for a run from <c>--weights</c> without <c>--classes</c>: when the weights' head (<paramref name="weightsClasses"/>
        /// outputs) differs from the data's class count, the data's (rebuilt as <see cref="WithDataClasses"/>, or this network when
        /// it already has that width), so the head follows the data as when fine-tuning in timm or Keras, and its weights are
        /// re-initialised; when they agree, that width (loaded strictly); unchanged where the model's head cannot be sized.
        /// </summary>
        public TrainingInput ForWeights(ModelEntry entry, int dataClasses, int weightsClasses, int seed)
        {
            if (dataClasses < 1 || !entry.HeadFollowsData())
                return this;
            // Weights with the data's head: built with it (when declared otherwise) and loaded strictly.
            var sized = WithDataClasses(entry, dataClasses, seed);
            if (weightsClasses == dataClasses || sized.Network.OutputShape.C != dataClasses) return sized;
            return sized with { Classes = dataClasses, DeclaredClasses = null, WeightsClasses = weightsClasses };
        }

        /// <summary>
        /// Opens the run's data for this network, then, when <paramref name="sizeHead"/>, rebuilds the head the data needs
        /// (<see cref="WithDataClasses"/>); if either step throws, the data and the network are disposed. Train and the sweep share it.
        /// </summary>
        public (TrainingInput Input, RunData Data) OpenData(ModelEntry entry, bool sizeHead, int seed, System.Func<Network, RunData> open)
        {
            RunData? data = null;
            try
            {
                data = open(Network);
                return (sizeHead ? WithDataClasses(entry, data.ClassCount, seed) : this, data);
            }
            catch
            {
                data?.Dispose();
                Network.Dispose();
                throw;
            }
        }

        /// <summary>The constructor arguments the network was built with (<c>--arg</c>, the model card's or a checkpoint's).</summary>
        public ModelArguments Arguments { get; init; } = ModelArguments.None;

        /// <summary>The class count the network was rebuilt with for the data; null: as <see cref="TrainingInputChooser.Choose"/> built it.</summary>
        public int? Classes { get; init; }

        /// <summary>The head's width before it was sized to the data.</summary>
        public int? DeclaredClasses { get; init; }

        /// <summary>The width of the <c>--weights</c> head the network's head replaces (<see cref="ForWeights"/>); null when none.</summary>
        public int? WeightsClasses { get; init; }

        /// <summary>
        /// "  classes: 6 (the data's; declared 1000)" for the run's first line, or "  classes: 4 (the data's; the weights' head has 1000)";
        /// empty when the head was not resized.
        /// </summary>
        public string HeadNote => Classes is int n
            ? WeightsClasses is int w ? $"  classes: {n} (the data's; the weights' head has {w})" : $"  classes: {n} (the data's; declared {DeclaredClasses})"
            : "";
    }

    /// <summary>
    /// Picks the training input: <c>--input</c> wins, then the model card's training input on the shapes set; otherwise a size the data suits (MNIST's 28x28, or
    /// a small 32x32 / 64x64 for the shapes set so CPU runs take minutes; MNIST resized to 32x32 or 64x64 when
    /// 28x28 does not suit) if the model builds there with the same parameter count (its architecture does not
    /// depend on the size) and, for dense tasks, its output keeps the input's size; else the declared input.
    /// Torch is seeded before every construction so the kept network's weights depend only on the seed.
    /// </summary>
    internal static class TrainingInputChooser
    {
        // cardInput: whether the card's training input may be chosen; not when its recipe's constructor arguments are left
        // out (a run from --weights), since that input may only suit the network they make.
        public static TrainingInput Choose(ModelEntry entry, DataSource data, TensorShape? requested, int seed, int? classes = null, ModelArguments? arguments = null,
            bool cardInput = true)
        {
            var given = arguments ?? ModelArguments.None;
            return Pick(entry, data, requested, seed, classes, given, cardInput) with { Arguments = given };
        }

        static TrainingInput Pick(ModelEntry entry, DataSource data, TensorShape? requested, int seed, int? classes, ModelArguments arguments, bool cardInput)
        {
            long parameters = entry.Parameters;
            TrainingInput Chosen(TensorShape input, string reason) => new(Build(entry, input, seed, classes, arguments), input, reason);
            if (classes != null || !arguments.IsEmpty)
            {
                // Arguments may remove layers at the declared input (an auxiliary head) or make it too small: compared where they build.
                try { using (var declaredNetwork = Build(entry, entry.DeclaredInput, seed, classes, arguments)) parameters = declaredNetwork.ParameterTotal; }
                catch (ShapeException) when (!arguments.IsEmpty) { parameters = -1; }
            }
            TensorShape declared = entry.DeclaredInput;
            if (requested is TensorShape explicitInput)
                return Chosen(explicitInput, "from --input");
            if (cardInput && entry.Card.TrainInput is TensorShape card && data.IsShapes)
                return Chosen(card, $"the model card's; designed for {declared}");
            if (!declared.Is2d)
                return Chosen(declared, "the declared input");

            foreach (var candidate in Candidates(data, declared))
            {
                if (candidate == declared)
                    return Chosen(declared, "the declared input");
                Network network;
                try { network = Build(entry, candidate, seed, classes, arguments); }
                catch (ShapeException) { continue; }
                if (network.ParameterTotal == parameters && Reproduces(entry, network, candidate))
                    return new TrainingInput(network, candidate,
                        $"declared {declared}; the model builds at {candidate} with the same " + parameters.ToString("N0", CultureInfo.InvariantCulture) + " parameters");
                network.Dispose();
            }
            return Chosen(declared, "the declared input (the model's layers depend on its size)");
        }

        static IEnumerable<TensorShape> Candidates(DataSource data, TensorShape declared)
        {
            if (data.IsMnist)
            {
                // MNIST's own size, else the nearest common size (resized) the model is admissible at.
                foreach (int size in new[] { 28, 32, 64 })
                    yield return new TensorShape(declared.C, size, size);
                yield break;
            }
            foreach (int size in new[] { 32, 64 })
                if (size <= declared.H && size <= declared.W)
                    yield return new TensorShape(declared.C, size, size);
        }

        /// <summary>Dense tasks need the output at the input's size (an autoencoder reproduces it whole).</summary>
        static bool Reproduces(ModelEntry entry, Network network, TensorShape input) => entry.Task switch
        {
            ModelTask.Reconstruction => network.OutputShape == input,
            ModelTask.Segmentation => network.OutputShape.IsMap && network.OutputShape.H == input.H && network.OutputShape.W == input.W,
            _ => true,
        };

        /// <summary><paramref name="entry"/> at <paramref name="input"/> with torch seeded first, so its weights depend only on <paramref name="seed"/>.</summary>
        public static Network Build(ModelEntry entry, TensorShape input, int seed, int? classes, ModelArguments? arguments = null)
        {
            random.manual_seed(seed);
            return ModelBuild.Create(entry, input, classes, arguments);
        }
    }
}
