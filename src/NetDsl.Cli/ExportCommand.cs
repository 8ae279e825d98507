using System.Collections.Generic;
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
    public static class ExportCommand
    {
        public static readonly string[] ValueOptions = { "format", "out", "weights", "seed" };
        public static readonly string[] Flags = System.Array.Empty<string>();

        /// <summary>The formats <c>export</c> writes.</summary>
        public static readonly string[] Formats = { "safetensors" };

        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            string format = args.Value("format") ?? throw new CliUsageException($"'export' needs --format ({string.Join("|", Formats)})");
            if (System.Array.IndexOf(Formats, format) < 0)
                throw new CliUsageException($"unknown export format '{format}'; export writes: {string.Join(", ", Formats)}");
            string output = args.Value("out") ?? throw new CliUsageException("'export' needs --out FILE");
            string? weights = args.Value("weights");
            int seed = args.Int("seed", 0, 0);
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
