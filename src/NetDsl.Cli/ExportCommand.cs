using System.Collections.Generic;
using System.Globalization;
using NetDsl.Onnx;
using NetDsl.Weights;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>export MODEL --format safetensors|onnx|pytorch --out FILE|DIR [--checkpoint FILE | --weights FILE] [--seed N]
    /// [--opset N] [--dynamic-batch] [--external-data] [--input CxHxW]</c>: the model's state dict (torchvision's keys, PyTorch's order) as
    /// safetensors, or the model as ONNX from its declared graph (initializers named by the same keys), or a PyTorch
    /// folder (<see cref="PyTorchExportCommand"/>), with weights freshly initialised (seeded), taken from a training
    /// checkpoint (built at the input the run trained at) or loaded strictly from safetensors weights.
    /// </summary>
    internal static class ExportCommand
    {
        /// <summary>The formats <c>export</c> writes.</summary>
        public static readonly string[] Formats = { "safetensors", "onnx", "pytorch" };

        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            string format = args.Value("format") ?? throw new CliUsageException($"'export' needs --format ({string.Join("|", Formats)})");
            if (System.Array.IndexOf(Formats, format) < 0)
                throw new CliUsageException($"unknown export format '{format}'; export writes: {string.Join(", ", Formats)}");
            string output = OutputPath.Check(args.Value("out") ?? throw new CliUsageException("'export' needs --out FILE"), "--out", isFolder: format == "pytorch", args: args);
            int seed = args.Int("seed", 0, 0);
            if (format != "onnx" && (args.Value("opset") != null || args.Flag("dynamic-batch") || args.Flag("external-data")))
                throw new CliUsageException("--opset, --dynamic-batch and --external-data are options of --format onnx");
            var source = WeightSource.From(args, entry, required: false);

            random.manual_seed(seed);
            // --input builds the model for another size (model.py's INPUT, what train.py resizes images to); a checkpoint brings its own.
            var size = args.Shape("input") ?? source?.Input;
            int? classes = source?.Classes ?? (args.Value("classes") == null ? null : args.Int("classes", 1, 1));
            var arguments = source?.Arguments ?? ModelBuild.Arguments(args, entry) ?? ModelArguments.None;
            using var network = ModelBuild.Create(entry, size, classes, arguments);
            source?.LoadInto(network);
            string weights = source?.Description ?? $"freshly initialised, seed {seed}";
            var metadata = Metadata(entry, network, size, classes, arguments, source);
            if (format == "onnx") return Onnx(args, entry, network, output, weights, metadata, console);
            metadata["format"] = "pt";
            if (format == "pytorch") return PyTorchExportCommand.Write(entry, network, output, metadata, weights, console);
            WeightLoader.Save(network, output, metadata);
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "exported {0} ({1}; {2} tensors, {3:N0} parameters) to {4}",
                entry.Name, weights, StateDictOrder.Entries(network).Count, network.ParameterTotal, output));
            return ExitCodes.Success;
        }

        /// <summary>
        /// What every export format records beside the weights (safetensors metadata, the PyTorch folder's, ONNX's <c>metadata_props</c>):
        /// the model, its task, the input it is built at when not the declared one (ONNX: always), a head sized away from the
        /// declaration, the constructor arguments, and, from a checkpoint or weights that carry them, the normalisation and class names.
        /// </summary>
        static Dictionary<string, string> Metadata(ModelEntry entry, Network network, NetDsl.Shapes.TensorShape? size, int? classes, ModelArguments arguments, WeightSource? source)
        {
            var settings = new Dictionary<string, string>
            {
                [WeightLoader.ModelMetadataKey] = entry.Name,
                [WeightLoader.TaskMetadataKey] = entry.Task.ToString().ToLowerInvariant(),
            };
            if (classes is int n) settings[WeightSource.ClassesKey] = n.ToString(CultureInfo.InvariantCulture);
            if (!arguments.IsEmpty) settings[WeightSource.ArgumentsKey] = arguments.ToString();
            // The normalisation and class names travel with the weights, so `predict --weights` prepares and names as the run did.
            foreach (var (key, value) in source?.Inference?.ToMetadata() ?? System.Array.Empty<KeyValuePair<string, string>>()) settings[key] = value;
            // The one helper every export path writes with (a mean and a std per input channel, so a consumer indexes mean[c]).
            var metadata = WeightLoader.ExportMetadata(network, settings);
            // The input the weights are built at travels with them, so predict/eval/export --weights rebuild the model there; the declared one goes without saying.
            if (size == null) metadata.Remove(WeightSource.InputKey);
            return metadata;
        }

        /// <summary>The network in eval mode as ONNX; a layer ONNX cannot express (at the opset asked) is named on stderr, exit 1.</summary>
        static int Onnx(CliArguments args, ModelEntry entry, Network network, string output, string weights, IReadOnlyDictionary<string, string> metadata, CliConsole console)
        {
            var options = new OnnxExportOptions
            {
                Opset = args.Value("opset") == null ? null : args.Int("opset", 0, OnnxExportOptions.MinOpset),
                DynamicBatch = args.Flag("dynamic-batch"),
                // Unset: external data only where the weights pass 2 GiB (regnet_y_128gf).
                ExternalData = args.Flag("external-data") ? true : null,
                Metadata = metadata,
            };
            network.eval();
            int opset;
            string? data;
            IReadOnlyList<string> input;
            try { opset = OnnxExport.Save(network, output, options, out data, out input); }
            catch (OnnxExportException e)
            {
                console.Error.WriteLine($"error: {entry.Name}: {e.Message}");
                return ExitCodes.Failure;
            }
            string external = data == null ? ""
                : string.Format(CultureInfo.InvariantCulture, " (weights as external data in {0}, {1:N0} bytes)", data, new System.IO.FileInfo(data).Length);
            // What the file declares (symbolic axes by name: a 3xHxW network's height and width), not the size it was built at.
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "exported {0} ({1}) as ONNX opset {2}, input [{3}], to {4}{5}",
                entry.Name, weights, opset, string.Join(", ", input), output, external));
            return ExitCodes.Success;
        }
    }
}
