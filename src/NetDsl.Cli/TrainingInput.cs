using System.Collections.Generic;
using System.Globalization;
using NetDsl.Runtime.Data;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>The network built for training and why its input size was chosen.</summary>
    public sealed record TrainingInput(Network Network, TensorShape Input, string Reason);

    /// <summary>
    /// Picks the training input: <c>--input</c> wins; otherwise a size the data suits (MNIST's 28x28, or
    /// a small 32x32 / 64x64 for the shapes set so CPU runs take minutes) if the model builds there with
    /// the same parameter count (its architecture does not depend on the size); else the declared input.
    /// Torch is seeded before every construction so the kept network's weights depend only on the seed.
    /// </summary>
    public static class TrainingInputChooser
    {
        public static TrainingInput Choose(ModelEntry entry, DataSource data, TensorShape? requested, int seed)
        {
            TensorShape declared = entry.DeclaredInput;
            if (requested is TensorShape explicitInput)
                return new TrainingInput(Build(entry, explicitInput, seed), explicitInput, "from --input");
            if (!declared.IsMap)
                return new TrainingInput(Build(entry, declared, seed), declared, "the declared input");

            foreach (var candidate in Candidates(data, declared))
            {
                if (candidate == declared)
                    return new TrainingInput(Build(entry, declared, seed), declared, "the declared input");
                Network network;
                try { network = Build(entry, candidate, seed); }
                catch (ShapeException) { continue; }
                if (network.ParameterTotal == entry.Parameters)
                    return new TrainingInput(network, candidate,
                        $"declared {declared}; the model builds at {candidate} with the same " + entry.Parameters.ToString("N0", CultureInfo.InvariantCulture) + " parameters");
                network.Dispose();
            }
            return new TrainingInput(Build(entry, declared, seed), declared, "the declared input (the model's layers depend on its size)");
        }

        static IEnumerable<TensorShape> Candidates(DataSource data, TensorShape declared)
        {
            if (data.IsMnist)
            {
                yield return new TensorShape(declared.C, 28, 28);
                yield break;
            }
            foreach (int size in new[] { 32, 64 })
                if (size <= declared.H && size <= declared.W)
                    yield return new TensorShape(declared.C, size, size);
        }

        static Network Build(ModelEntry entry, TensorShape input, int seed)
        {
            random.manual_seed(seed);
            return input == entry.DeclaredInput ? entry.Create() : entry.Create(input);
        }
    }
}
