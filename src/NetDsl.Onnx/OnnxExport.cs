using System;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using NetDsl.Graph;
using static TorchSharp.torch;

namespace NetDsl.Onnx
{
    /// <summary>
    /// Writes a network as an ONNX model from its declared graph (<see cref="Network.Graph"/>): inference semantics
    /// (BatchNorm as BatchNormalization on the running statistics, dropout removed, auxiliary heads dropped), the input
    /// <c>input</c> and the output <c>output</c>, initializers named by the state-dict keys with the module's current
    /// weights. <c>OnnxExport.Save(Models.Create("resnet18"), "resnet18.onnx")</c>.
    /// </summary>
    public static class OnnxExport
    {
        /// <summary>Writes <paramref name="network"/> to <paramref name="path"/>; returns the opset written.</summary>
        public static int Save(Network network, string path, OnnxExportOptions? options = null)
        {
            var model = Build(network, options ?? new OnnxExportOptions(), out int opset);
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            using (var file = File.Create(path)) model.WriteTo(file);
            return opset;
        }

        /// <summary>The ONNX model's bytes (what <see cref="Save"/> writes).</summary>
        public static byte[] ToBytes(Network network, OnnxExportOptions? options = null) =>
            Build(network, options ?? new OnnxExportOptions(), out _).ToByteArray();

        internal static global::Onnx.ModelProto Build(Network network, OnnxExportOptions options, out int opset)
        {
            var graph = network.Graph;
            opset = ChooseOpset(network, graph, options);
            if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1");
            using var scope = NewDisposeScope();
            var state = network.state_dict();
            RefuseOverProtobufLimit(network, graph, state);
            var builder = new OnnxBuilder(graph, state, opset);
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
            return model;
        }

        /// <summary>
        /// A protobuf message holds at most 2 GiB and this exporter writes weights inline (no external data files), so a
        /// network whose inference weights are larger (regnet_y_128gf: 2.6 GB of float32) is refused by name, not overflowed.
        /// </summary>
        static void RefuseOverProtobufLimit(Network network, DeclaredGraph graph, Dictionary<string, Tensor> state)
        {
            const long limit = int.MaxValue - (64L << 20);   // room for the graph itself
            long bytes = 0;
            foreach (var node in graph.InferenceNodes)
                foreach (var key in node.StateKeys)
                    if (state.TryGetValue(key, out var t)) bytes += t.numel() * 4;
            if (bytes > limit)
                throw new OnnxExportException($"{network.CatalogName ?? network.GetType().Name}: its weights take {bytes / 1e9:F1} GB as float32, over the 2 GiB an ONNX " +
                    "file holds inline; this exporter does not write external data, so export a smaller variant or use the PyTorch handoff");
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
