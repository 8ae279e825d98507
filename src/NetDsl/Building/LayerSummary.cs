using System.Globalization;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>One row of a model summary: where the layer sits, what it is, what it outputs and owns.</summary>
    public sealed class LayerSummary
    {
        /// <summary>A row for the layer at <paramref name="path"/>; <see cref="Name"/> starts as the path.</summary>
        public LayerSummary(string path, string kind, TensorShape output, long parameters, long multiplyAdds)
        {
            Path = path;
            Name = path;
            Kind = kind;
            Output = output;
            Parameters = parameters;
            MultiplyAdds = multiplyAdds;
        }

        /// <summary>
        /// The module path that owns the layer's state (<c>layer1.0.bn1</c>); a parameter-free layer stacked on a
        /// member (<c>[BatchNorm, ReLU]</c>) shares its member's path.
        /// </summary>
        public string Path { get; }

        /// <summary>
        /// A name unique within the model: the path for the first layer at it, then <c>path/kind</c> for layers
        /// stacked on the same member (<c>layer1.0.bn1/relu</c>), with <c>_2</c>, <c>_3</c> for repeats.
        /// </summary>
        public string Name { get; internal set; }

        /// <summary>The layer kind as the shape rules name it (<c>Conv2d</c>, <c>BatchNorm2d</c>, <c>ReLU</c>).</summary>
        public string Kind { get; }

        /// <summary>The output shape of one sample (no batch axis).</summary>
        public TensorShape Output { get; }

        /// <summary>Parameters the layer owns (from the shape rules).</summary>
        public long Parameters { get; }

        /// <summary>Multiply-adds of one sample's forward pass through the layer.</summary>
        public long MultiplyAdds { get; }

        /// <summary>
        /// For a merge row (a wired [Concat]/[Add], a branch merge, a dense skip): what it merges, in order, from the
        /// declared graph: the member (or branch) each value comes out of (<c>enc4 (cropped)</c>, <c>up4</c>;
        /// <c>inception3a.branch1</c>), or the value's graph name when it comes from outside the block; for a layer that reads
        /// another value than the row above gives (a <c>[From]</c> member's tap, an auxiliary head's first layer, the main-path
        /// layer after the head, a branch or projection reading its block's input) the row that produced it; empty for other rows.
        /// </summary>
        public System.Collections.Generic.IReadOnlyList<string> ConnectedTo
        {
            get
            {
                if (Node == null) return Reads == null ? System.Array.Empty<string>() : new[] { Reads.Row?.Name ?? Reads.Value?.Name ?? NetDsl.Graph.DeclaredGraph.InputName };
                var names = new System.Collections.Generic.List<string>();
                foreach (var source in Node.Sources)
                    names.Add(source is { Op: NetDsl.Graph.GraphOps.Crop } crop ? Member(crop.Sources[0]) + " (cropped)" : Member(source));
                return names;
            }
        }

        /// <summary>The member of the merging block that made <paramref name="value"/>, or its graph name when made outside.</summary>
        string Member(NetDsl.Graph.GraphNode? value)
        {
            if (value == null) return NetDsl.Graph.DeclaredGraph.InputName;
            if (!value.Path.StartsWith(Scope, System.StringComparison.Ordinal) || value.Path.Length == Scope.Length) return value.Name;
            int dot = value.Path.IndexOf('.', Scope.Length);
            return dot < 0 ? value.Path : value.Path.Substring(0, dot);
        }

        /// <summary>
        /// For a layer that reads another value than the row above gives (a <c>[From]</c> member or an auxiliary head's first layer
        /// reads its tap; the main path's next layer what came before the head; a branch or projection its block's input): that
        /// value (null inside: the network's input).
        /// </summary>
        internal SummarySource? Reads { get; set; }

        /// <summary>The declared-graph node of this layer row (to name it where a later row reads it).</summary>
        internal NetDsl.Graph.GraphNode? Produced { get; set; }

        /// <summary>The declared-graph merge node this row summarises, if any, and the path prefix of its block's members.</summary>
        internal NetDsl.Graph.GraphNode? Node { get; set; }
        internal string Scope { get; set; } = "";

        /// <summary>
        /// Receptive field of the layer's output in input pixels, [h, w] (Araujo et al., Distill 2019; computed at compile time
        /// for the declared input); null when unknown (after upsampling) or not computed.
        /// </summary>
        public int[]? ReceptiveField { get; internal set; }

        /// <summary>Effective stride [h, w]: input pixels between neighbouring outputs.</summary>
        public int[]? EffectiveStride { get; internal set; }

        /// <summary>Effective padding [h, w]: how far before the input the first output's field starts.</summary>
        public int[]? EffectivePadding { get; internal set; }

        /// <summary>"layer1.0.bn1/relu  ReLU  64x8x8  params 0  MACs 0".</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0}  {1}  {2}  params {3:N0}  MACs {4:N0}", Name, Kind, Output, Parameters, MultiplyAdds);
    }

    /// <summary>A value a summary row reads (null: the network's input) and the row that produced it, if any.</summary>
    internal sealed record SummarySource(NetDsl.Graph.GraphNode? Value, LayerSummary? Row);
}
