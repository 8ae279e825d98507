using System.Collections.Generic;
using System.Text;
using NetDsl.Shapes;

namespace NetDsl.Graph
{
    /// <summary>
    /// A network's checked graph as data: every node in forward order with its op, the kernel's argument record, its
    /// inputs by name, its output shape and the state-dict keys it owns. One source for the exporters (ONNX, PyTorch)
    /// and the summary's "connected to". <c>network.Graph</c> or <c>DeclaredGraph.Of(network)</c>.
    /// </summary>
    public sealed class DeclaredGraph
    {
        /// <summary>The name of the network's input value.</summary>
        public const string InputName = "input";

        internal DeclaredGraph(TensorShape input, IReadOnlyList<GraphNode> nodes, GraphNode? output, IReadOnlyList<AuxiliaryHead> heads,
            IReadOnlyList<GraphBlock> blocks, IReadOnlyList<string>? skippedHeads = null)
        {
            SkippedAuxiliaryHeads = skippedHeads ?? System.Array.Empty<string>();
            Blocks = blocks;
            Input = input;
            Nodes = nodes;
            OutputNode = output;
            AuxiliaryHeads = heads;
        }

        /// <summary>The graph <paramref name="network"/> was built and checked as.</summary>
        public static DeclaredGraph Of(Network network) => network.Graph;

        /// <summary>One sample's input shape the graph was built for.</summary>
        public TensorShape Input { get; }

        /// <summary>Every node in forward order (auxiliary heads included, flagged).</summary>
        public IReadOnlyList<GraphNode> Nodes { get; }

        /// <summary>The node whose value the network returns; null when the network returns its input.</summary>
        public GraphNode? OutputNode { get; }

        /// <summary>The name of the value the network returns.</summary>
        public string Output => OutputNode?.Name ?? InputName;

        /// <summary>Every block instance, in build order (outer before inner), with its type and arguments.</summary>
        public IReadOnlyList<GraphBlock> Blocks { get; }

        /// <summary>The training-only heads ([Aux]): their last node and loss weight.</summary>
        public IReadOnlyList<AuxiliaryHead> AuxiliaryHeads { get; }

        /// <summary>
        /// The module names of the auxiliary heads this instance does not build (<c>[Aux(Enabled = …)]</c> false, torchvision's
        /// <c>aux_logits=False</c>): weights saved with them load, their keys skipped, as torchvision's builders drop them.
        /// </summary>
        public IReadOnlyList<string> SkippedAuxiliaryHeads { get; }

        /// <summary>Whether <paramref name="key"/> (a state-dict key) belongs to a head in <see cref="SkippedAuxiliaryHeads"/>.</summary>
        public bool InSkippedAuxiliaryHead(string key)
        {
            foreach (var head in SkippedAuxiliaryHeads)
                if (key.Length > head.Length && key[head.Length] == '.' && key.StartsWith(head, System.StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>The nodes an inference forward runs (auxiliary heads left out).</summary>
        public IEnumerable<GraphNode> InferenceNodes
        {
            get { foreach (var n in Nodes) if (!n.Auxiliary) yield return n; }
        }

        /// <summary>One node per line (name, op, inputs, output shape).</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append(InputName).Append("  ").Append(Input).Append('\n');
            foreach (var n in Nodes) text.Append(n).Append('\n');
            text.Append("output: ").Append(Output).Append('\n');
            return text.ToString();
        }
    }

    /// <summary>An auxiliary head: its member name, the node producing its output and the weight of its loss.</summary>
    public sealed record AuxiliaryHead(string Name, GraphNode Output, double Weight);
}
