using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using NetDsl.Graph;
using static TorchSharp.torch;

namespace NetDsl.Onnx
{
    /// <summary>
    /// Writes a network as an ONNX model from its declared graph (<see cref="Network.Graph"/>): inference semantics
    /// (BatchNorm as BatchNormalization on the running statistics, dropout removed, auxiliary heads dropped), the input
    /// <c>input</c> and the output <c>output</c>, initializers named by the state-dict keys with the module's current
    /// weights. <c>OnnxExport.Save(Models.Create("resnet18"), "resnet18.onnx")</c>. Weights over the 2 GiB a protobuf holds
    /// (regnet_y_128gf) go to an external-data file beside the model (<see cref="OnnxExportOptions.ExternalData"/>).
    /// </summary>
    public static class OnnxExport
    {
        /// <summary>
        /// Writes <paramref name="network"/> to <paramref name="path"/>, and its weights to <see cref="ExternalDataPath"/> when
        /// they go there (<see cref="OnnxExportOptions.ExternalData"/>: forced, or weights over 2 GiB); returns the opset written.
        /// </summary>
        public static int Save(Network network, string path, OnnxExportOptions? options = null) => Save(network, path, options, out _);

        /// <summary>
        /// <see cref="Save(Network, string, OnnxExportOptions?)"/>, also saying where the weights went: the external-data file's
        /// path (<see cref="ExternalDataPath"/>), or null when they are inline.
        /// </summary>
        public static int Save(Network network, string path, OnnxExportOptions? options, out string? externalData) =>
            Save(network, path, options, out externalData, out _);

        /// <summary>
        /// <see cref="Save(Network, string, OnnxExportOptions?, out string?)"/>, also saying the input the file declares, one entry per
        /// axis: a size, or the symbolic name written (<c>batch</c>, <c>height</c>, <c>width</c>, <c>length</c>), as ONNX Runtime reads it.
        /// </summary>
        public static int Save(Network network, string path, OnnxExportOptions? options, out string? externalData, out IReadOnlyList<string> input)
        {
            DisposedModule.ThrowIf(network, "ONNX export");
            // Named before the export computes anything (the file system's "Access to the path is denied" names neither).
            if (Directory.Exists(path)) throw new IOException($"{path}: is a folder; OnnxExport.Save takes the path of the .onnx file to write");
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            // The model and its external data are one pair: both go to temporaries and replace the old pair only once both
            // are complete, so a failed or killed re-export never leaves the old model beside new weights.
            using var files = new NetDsl.Files.ReplacingFiles();
            using var external = new ExternalDataTarget(path, files);
            global::Onnx.ModelProto model;
            int opset;
            try
            {
                model = Build(network, options ?? new OnnxExportOptions(), out opset, external);
                external.Data?.Dispose();
            }
            catch (Exception e) when (external.Data != null && e is IOException or UnauthorizedAccessException)
            {
                throw NetDsl.Files.WriteFailure.Naming(external.Data.Path, e);   // the data file, not its hidden temporary
            }
            input = model.Graph.Input[0].Type.TensorType.Shape.Dim
                .Select(d => d.DimParam is { Length: > 0 } name ? name : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            files.Write(path, model.WriteTo);
            files.Commit();
            externalData = external.Data?.Path;
            return opset;
        }

        /// <summary>Where <see cref="Save(Network, string, OnnxExportOptions?)"/> puts the weights of the model at <paramref name="path"/> when they go to external data: <c>PATH.data</c>.</summary>
        public static string ExternalDataPath(string path) => path + ".data";

        /// <summary>
        /// The ONNX model's bytes (what <see cref="Save(Network, string, OnnxExportOptions?)"/> writes), weights inline: external data needs a file beside the model,
        /// so a network whose weights pass 2 GiB, or <see cref="OnnxExportOptions.ExternalData"/> true, is refused (use <see cref="Save(Network, string, OnnxExportOptions?)"/>).
        /// </summary>
        public static byte[] ToBytes(Network network, OnnxExportOptions? options = null) =>
            Build(network, options ?? new OnnxExportOptions(), out _, null).ToByteArray();

        /// <summary>The side file <see cref="Save(Network, string, OnnxExportOptions?)"/> opens once the export decides on external data (never created otherwise).</summary>
        sealed class ExternalDataTarget : IDisposable
        {
            readonly string modelPath;
            readonly NetDsl.Files.ReplacingFiles files;
            public ExternalDataTarget(string modelPath, NetDsl.Files.ReplacingFiles files) { this.modelPath = modelPath; this.files = files; }
            public OnnxExternalData? Data { get; private set; }
            // Staged first, so the commit renames the data before the model that points at it.
            public OnnxExternalData Open() => Data ??= new OnnxExternalData(files.Stage(ExternalDataPath(modelPath)), ExternalDataPath(modelPath), Path.GetFileName(ExternalDataPath(modelPath)));
            public void Dispose() => Data?.Dispose();
        }

        static global::Onnx.ModelProto Build(Network network, OnnxExportOptions options, out int opset, ExternalDataTarget? target)
        {
            var graph = network.Graph;
            opset = ChooseOpset(network, graph, options);
            if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1");
            using var scope = NewDisposeScope();
            var state = network.state_dict();
            bool external = UsesExternalData(network, graph, state, options, target != null);
            var builder = new OnnxBuilder(graph, state, opset, external ? target!.Open() : null);
            foreach (var node in graph.InferenceNodes) OnnxKinds.Emit(builder, node);
            builder.FinishOutput();
            bool symbolicSize = options.DynamicSize && network.Constraints.Count > 0 && builder.SizeFreeReason == null;
            var proto = builder.Finish(network.GetType().Name, options.DynamicBatch ? null : options.BatchSize, symbolicSize);
            var model = new global::Onnx.ModelProto
            {
                IrVersion = IrVersion(opset),
                ProducerName = "NetDsl",
                ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
                Graph = proto,
                DocString = $"{network.CatalogName ?? network.GetType().Name}, built for {network.InputShape}" +
                            (network.Constraints.Count > 0 ? "; input: " + string.Join("; ", network.Constraints) : ""),
            };
            model.OpsetImport.Add(new global::Onnx.OperatorSetIdProto { Domain = "", Version = opset });
            // The keys a safetensors export carries (model, input, task; normalisation and class names where given), for ONNX Runtime's CustomMetadataMap.
            var metadata = NetDsl.Weights.WeightLoader.ExportMetadata(network);
            foreach (var (key, value) in options.Metadata ?? new Dictionary<string, string>()) metadata[key] = value;
            NetDsl.Weights.NormalizeMetadata.PerChannel(metadata, network.InputShape.C);
            foreach (var (key, value) in metadata)
                model.MetadataProps.Add(new global::Onnx.StringStringEntryProto { Key = key, Value = value });
            return model;
        }

        /// <summary>
        /// Whether the weights go to external data: as <see cref="OnnxExportOptions.ExternalData"/> says, or (unset) when they pass
        /// what a protobuf message holds (2 GiB; regnet_y_128gf: 2.6 GB of float32). Inline weights over it are refused by name,
        /// never overflowed, and so is external data without a file to put it beside (<see cref="ToBytes"/>).
        /// </summary>
        static bool UsesExternalData(Network network, DeclaredGraph graph, Dictionary<string, Tensor> state, OnnxExportOptions options, bool toFile)
        {
            const long limit = int.MaxValue - (64L << 20);   // room for the graph itself
            long bytes = 0;
            foreach (var node in graph.InferenceNodes)
                foreach (var key in node.StateKeys)
                    if (state.TryGetValue(key, out var t)) bytes += t.numel() * 4;
            string name = network.CatalogName ?? network.GetType().Name;
            bool external = options.ExternalData ?? bytes > limit;
            if (external && !toFile)
                throw new OnnxExportException(bytes > limit
                    ? $"{name}: its weights take {bytes / 1e9:F1} GB as float32, over the 2 GiB an ONNX file holds inline; OnnxExport.Save writes them as external data beside the model (MODEL.onnx.data)"
                    : $"{name}: external data is written beside a model file; use OnnxExport.Save(network, path, options) rather than ToBytes");
            if (!external && bytes > limit)
                throw new OnnxExportException($"{name}: its weights take {bytes / 1e9:F1} GB as float32, over the 2 GiB an ONNX file holds inline; " +
                    "leave ExternalData unset (or set it to true) to write them as external data beside the model");
            return external;
        }

        /// <summary>The opset asked for, or the lowest that holds every node; a node that needs more than asked is refused by name.</summary>
        static int ChooseOpset(Network network, DeclaredGraph graph, OnnxExportOptions options)
        {
            int needed = OnnxExportOptions.MinOpset, lowest = 17;
            GraphNode? needs = null;
            foreach (var node in graph.InferenceNodes)
            {
                int n = OnnxKinds.MinimumOpset(node);
                if (n > needed) { needed = n; needs = node; }
            }
            if (options.Opset is int asked)
            {
                if (asked < OnnxExportOptions.MinOpset || asked > OnnxExportOptions.MaxOpset)
                    throw new OnnxExportException($"opset {asked} is outside what the exporter writes ({OnnxExportOptions.MinOpset}–{OnnxExportOptions.MaxOpset})");
                if (asked < needed)
                    throw new OnnxExportException($"{needs!.Path}: {needs.Op} needs ONNX opset {needed} or later; {network.GetType().Name} cannot be written at opset {asked} (use --opset {needed})");
                return asked;
            }
            return Math.Max(needed, lowest);
        }

        /// <summary>The IR version that goes with an opset (ONNX's versioning table: opset 14 → IR 7, 15–18 → 8, 19–20 → 9, 21 → 10).</summary>
        static long IrVersion(int opset) => opset >= 21 ? 10 : opset >= 19 ? 9 : opset >= 15 ? 8 : 7;
    }
}
