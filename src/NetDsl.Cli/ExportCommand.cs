using System.Collections.Generic;
using System.Globalization;
using NetDsl.Weights;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>export MODEL --format safetensors --out FILE [--checkpoint FILE | --weights FILE] [--seed N]</c>: the
    /// model's state dict (torchvision's keys, PyTorch's order) as safetensors, freshly initialised (seeded),
    /// taken from a training checkpoint (built at the input the run trained at) or loaded strictly from
    /// safetensors weights. <c>--format pytorch</c> writes a folder instead (<see cref="PyTorchExportCommand"/>).
    /// </summary>
    internal static class ExportCommand
    {
        /// <summary>The formats <c>export</c> writes.</summary>
        public static readonly string[] Formats = { "safetensors", "pytorch" };

        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            string format = args.Value("format") ?? throw new CliUsageException($"'export' needs --format ({string.Join("|", Formats)})");
            if (System.Array.IndexOf(Formats, format) < 0)
                throw new CliUsageException($"unknown export format '{format}'; export writes: {string.Join(", ", Formats)}");
            string output = args.Value("out") ?? throw new CliUsageException("'export' needs --out FILE");
            int seed = args.Int("seed", 0, 0);
            var source = WeightSource.From(args, entry, required: false);

            random.manual_seed(seed);
            // --input builds the model for another size (model.py's INPUT, what train.py resizes images to); a checkpoint brings its own.
            var size = args.Shape("input") ?? source?.Input;
            using var network = size is { } input && input != entry.DeclaredInput ? entry.Create(input) : entry.Create();
            source?.LoadInto(network);
            var metadata = new Dictionary<string, string> { ["format"] = "pt", ["netdsl.model"] = entry.Name };
            if (source?.Info != null) metadata["netdsl.input"] = source.Info.Input;
            if (format == "pytorch") return PyTorchExportCommand.Write(entry, network, output, metadata, source?.Description ?? $"freshly initialised, seed {seed}", console);
            WeightLoader.Save(network, output, metadata);
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "exported {0} ({1}; {2} tensors, {3:N0} parameters) to {4}",
                entry.Name, source?.Description ?? $"freshly initialised, seed {seed}", StateDictOrder.Entries(network).Count, network.ParameterTotal, output));
            return ExitCodes.Success;
        }
    }
}
