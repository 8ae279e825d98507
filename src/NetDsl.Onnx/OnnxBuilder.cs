using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Google.Protobuf;
using NetDsl.Graph;
using NetDsl.Shapes;
using P = global::Onnx;
using static TorchSharp.torch;

namespace NetDsl.Onnx
{
    /// <summary>
    /// Collects ONNX nodes and initializers for one graph: value names are the declared graph's node names (the last one
    /// is <c>output</c>), parameters are initializers named by their state-dict keys, helper values are
    /// <c>node/what</c>. The per-kind mappings (<c>Kinds/</c>) call it. Initializer bytes go inline, or, given an
    /// <see cref="OnnxExternalData"/>, to its side file as they are made (the weights are never held twice).
    /// </summary>
    internal sealed class OnnxBuilder
    {
        public const string OutputName = "output";

        readonly DeclaredGraph graph;
        readonly IReadOnlyDictionary<string, Tensor> state;
        readonly P.GraphProto proto = new P.GraphProto();
        readonly Dictionary<GraphNode, string> values = new Dictionary<GraphNode, string>();
        readonly HashSet<string> initializers = new HashSet<string>(StringComparer.Ordinal);
        readonly OnnxExternalData? external;

        public OnnxBuilder(DeclaredGraph graph, IReadOnlyDictionary<string, Tensor> state, int opset, OnnxExternalData? external = null)
        {
            this.graph = graph;
            this.state = state;
            this.external = external;
            Opset = opset;
        }

        public int Opset { get; }

        /// <summary>Why the graph needs the size it was built for (the first layer that does), or null when any size would do.</summary>
        public string? SizeFreeReason { get; private set; }

        /// <summary>Marks the graph as needing the built size: <paramref name="node"/> was written for its static input shape.</summary>
        public void FixedSize(GraphNode node, string why) => SizeFreeReason ??= $"{node.Name}: {why}";

        /// <summary>The value name of <paramref name="node"/>'s input <paramref name="index"/>.</summary>
        public string In(GraphNode node, int index = 0) => node.Sources[index] is { } source ? values[source] : DeclaredGraph.InputName;

        /// <summary>The value name <paramref name="node"/>'s result gets (<c>output</c> for the graph's output).</summary>
        public string Out(GraphNode node)
        {
            string name = node == graph.OutputNode ? OutputName : node.Name;
            values[node] = name;
            return name;
        }

        /// <summary>A node that computes nothing in inference (dropout): its result is <paramref name="value"/>.</summary>
        public void Alias(GraphNode node, string value)
        {
            if (node == graph.OutputNode) Node("Identity", new[] { value }, Out(node));
            else values[node] = value;
        }

        /// <summary>A helper value of <paramref name="node"/> ("layer1.0/add/shape").</summary>
        public static string Temp(GraphNode node, string what) => node.Name + "/" + what;

        /// <summary>The initializer for state-dict entry <paramref name="key"/> of <paramref name="node"/> ("weight" → "conv1.weight").</summary>
        public string Param(GraphNode node, string key)
        {
            string name = node.Path.Length == 0 ? key : node.Path + "." + key;
            if (initializers.Add(name))
            {
                if (!state.TryGetValue(name, out var tensor))
                    throw new OnnxExportException($"{node.Path}: the state dict has no '{name}' for this {node.Op}");
                using var f = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
                var t = new P.TensorProto { Name = name, DataType = (int)P.TensorProto.Types.DataType.Float };
                t.Dims.AddRange(f.shape);
                Add(t, f.bytes);
            }
            return name;
        }

        /// <summary>Adds an initializer holding <paramref name="data"/>: inline, or in the external-data file when there is one and it is large enough.</summary>
        void Add(P.TensorProto t, ReadOnlySpan<byte> data)
        {
            if (external != null && data.Length >= OnnxExternalData.Threshold) external.Write(t, data);
            else t.RawData = ByteString.CopyFrom(data);
            proto.Initializer.Add(t);
        }

        /// <summary>A float constant initializer.</summary>
        public string Floats(string name, float[] data, params long[] dims)
        {
            if (initializers.Add(name))
            {
                var t = new P.TensorProto { Name = name, DataType = (int)P.TensorProto.Types.DataType.Float };
                t.Dims.AddRange(dims);
                Add(t, MemoryMarshal.AsBytes(data.AsSpan()));
            }
            return name;
        }

        /// <summary>An int64 constant initializer (shapes, axes, slice bounds).</summary>
        public string Longs(string name, params long[] data)
        {
            if (initializers.Add(name))
            {
                var t = new P.TensorProto { Name = name, DataType = (int)P.TensorProto.Types.DataType.Int64 };
                t.Dims.Add(data.Length);
                Add(t, MemoryMarshal.AsBytes(data.AsSpan()));
            }
            return name;
        }

        /// <summary>Adds a node named after its output; returns the output's name.</summary>
        public string Node(string op, string[] inputs, string output, params P.AttributeProto[] attributes)
        {
            var node = new P.NodeProto { OpType = op, Name = output };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            node.Attribute.AddRange(attributes);
            proto.Node.Add(node);
            return output;
        }

        public static P.AttributeProto Ints(string name, params long[] v)
        {
            var a = new P.AttributeProto { Name = name, Type = P.AttributeProto.Types.AttributeType.Ints };
            a.Ints.AddRange(v);
            return a;
        }

        public static P.AttributeProto Int(string name, long v) => new P.AttributeProto { Name = name, Type = P.AttributeProto.Types.AttributeType.Int, I = v };
        public static P.AttributeProto Float(string name, double v) => new P.AttributeProto { Name = name, Type = P.AttributeProto.Types.AttributeType.Float, F = (float)v };
        public static P.AttributeProto String(string name, string v) => new P.AttributeProto { Name = name, Type = P.AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(v) };

        /// <summary>A network that returns its input still has a node making <c>output</c>.</summary>
        public void FinishOutput()
        {
            if (graph.OutputNode == null) Node("Identity", new[] { DeclaredGraph.InputName }, OutputName);
        }

        /// <summary>The graph with its input and output declared: batch fixed or "batch", height and width (a CxL map's length) symbolic when asked.</summary>
        public P.GraphProto Finish(string name, int? batch, bool symbolicSize)
        {
            proto.Name = name;
            proto.Input.Add(Value(DeclaredGraph.InputName, graph.Input, batch, symbolicSize, ""));
            var output = graph.OutputNode?.Output ?? graph.Input;
            proto.Output.Add(Value(OutputName, output, batch, symbolicSize, "output_"));
            return proto;
        }

        static P.ValueInfoProto Value(string name, TensorShape shape, int? batch, bool symbolicSize, string prefix)
        {
            var dims = new P.TensorShapeProto();
            dims.Dim.Add(batch is int b ? new P.TensorShapeProto.Types.Dimension { DimValue = b } : new P.TensorShapeProto.Types.Dimension { DimParam = "batch" });
            dims.Dim.Add(new P.TensorShapeProto.Types.Dimension { DimValue = shape.C });
            if (shape.Is1d)
                dims.Dim.Add(symbolicSize ? new P.TensorShapeProto.Types.Dimension { DimParam = prefix + "length" } : new P.TensorShapeProto.Types.Dimension { DimValue = shape.W });
            else if (shape.IsMap)
            {
                dims.Dim.Add(symbolicSize ? new P.TensorShapeProto.Types.Dimension { DimParam = prefix + "height" } : new P.TensorShapeProto.Types.Dimension { DimValue = shape.H });
                dims.Dim.Add(symbolicSize ? new P.TensorShapeProto.Types.Dimension { DimParam = prefix + "width" } : new P.TensorShapeProto.Types.Dimension { DimValue = shape.W });
            }
            var type = new P.TypeProto { TensorType = new P.TypeProto.Types.Tensor { ElemType = (int)P.TensorProto.Types.DataType.Float, Shape = dims } };
            return new P.ValueInfoProto { Name = name, Type = type };
        }

    }
}
