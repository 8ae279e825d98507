using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using NetDsl.Weights;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>export MODEL --format safetensors --out FILE [--weights FILE] [--seed N]</c>: the model's state dict
    /// (torchvision's keys, PyTorch's order) as safetensors, freshly initialised (seeded) or loaded strictly
    /// from <c>--weights</c>.
    /// </summary>
    internal static class ExportCommand
    {
        /// <summary>The formats <c>export</c> writes.</summary>
        public static readonly string[] Formats = { "safetensors" };

        /// <summary><c>export</c>'s command line, declared once.</summary>
        internal sealed class Args(CommandSpec c)
        {
            public readonly Argument<string> Model = c.Model();
            public readonly Option<string> Format = c.RequiredText("--format", string.Join("|", Formats), "the file format");
            public readonly Option<string> Out = c.RequiredText("--out", "FILE", "the file to write");
            public readonly Option<string?> Weights = c.Weights("export these weights (loaded strictly) instead of a fresh initialisation");
            public readonly Option<int> Seed = c.Int("--seed", "seed of the fresh initialisation", 0, min: 0);
        }

        public static int Run(ParseResult args, Args a, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.GetValue(a.Model)!);
            string format = args.GetValue(a.Format)!;
            if (System.Array.IndexOf(Formats, format) < 0)
                throw new CliUsageException($"unknown export format '{format}'; export writes: {string.Join(", ", Formats)}");
            string output = args.GetValue(a.Out)!;
            string? weights = args.GetValue(a.Weights);
            int seed = args.GetValue(a.Seed);
            if (weights != null && !File.Exists(weights)) throw new FileNotFoundException($"{weights}: weights file not found", weights);

            random.manual_seed(seed);
            using var network = entry.Create();
            string origin = weights == null ? $"freshly initialised, seed {seed}" : $"weights from {weights}";
            if (weights != null) WeightLoader.Load(network, weights, strict: true);
            var metadata = new Dictionary<string, string> { ["format"] = "pt", ["netdsl.model"] = entry.Name };
            WeightLoader.Save(network, output, metadata);
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "exported {0} ({1}; {2} tensors, {3:N0} parameters) to {4}",
                entry.Name, origin, StateDictOrder.Entries(network).Count, network.ParameterTotal, output));
            return ExitCodes.Success;
        }
    }
}
