using System;
using System.Collections.Generic;
using System.Globalization;
using NetDsl.Shapes;

namespace NetDsl.Graph
{
    /// <summary>
    /// Collects the declared graph while generated <c>Build</c> code runs: the value flowing forward
    /// (<see cref="Current"/>, saved and restored by the generated code where forward saves and restores its tensor),
    /// each node as a factory records it, and the auxiliary heads.
    /// </summary>
    internal sealed class GraphRecorder
    {
        readonly List<GraphNode> nodes = new List<GraphNode>();
        readonly List<AuxiliaryHead> heads = new List<AuxiliaryHead>();
        readonly List<GraphBlock> blocks = new List<GraphBlock>();
        readonly List<string> skippedHeads = new List<string>();
        GraphBlock? block;
        int auxiliaryDepth;

        /// <summary>The node whose output the next layer reads; null is the network's input.</summary>
        public GraphNode? Current { get; set; }

        /// <summary>Adds a node reading <paramref name="sources"/> and makes it the current value.</summary>
        public GraphNode Add(string path, string op, LayerKind? kind, object? args, GraphNode?[] sources, TensorShape[] inputShapes, TensorShape output,
            IReadOnlyList<string>? ownedKeys = null)
        {
            var node = new GraphNode(path, op, kind, args, sources, inputShapes, output, auxiliaryDepth > 0, block, ownedKeys);
            nodes.Add(node);
            Current = node;
            return node;
        }

        /// <summary>The last node recorded at <paramref name="path"/> or under it (the output of the module there), or null.</summary>
        public GraphNode? LastUnder(string path)
        {
            for (int i = nodes.Count - 1; i >= 0; i--)
            {
                string p = nodes[i].Path;
                if (p == path || (p.Length > path.Length && p[path.Length] == '.' && p.StartsWith(path, StringComparison.Ordinal))) return nodes[i];
            }
            return null;
        }

        public void EnterBlock(string path, System.Type type, (string, object)[] arguments)
        {
            var named = new List<KeyValuePair<string, object>>();
            foreach (var (name, value) in arguments) named.Add(new KeyValuePair<string, object>(name, value));
            block = new GraphBlock(path, type, named, block);
            blocks.Add(block);
        }

        public void ExitBlock() => block = block?.Parent;

        public void BeginAuxiliary()
        {
            auxiliaryDepth++;
            Rerouted = true;
        }

        /// <summary>
        /// Whether the next layer reads another value than the one recorded just before it: an auxiliary head's first layer reads
        /// its tap, the main path after the head what came before the head, a <c>[From]</c> member its tap, a branch or a
        /// projection its block's input (<see cref="NetDsl.BuildContext.Current"/> set to another value; the summary's "connected to" names it).
        /// </summary>
        internal bool Rerouted { get; set; }

        public void SkipAuxiliary(string module) => skippedHeads.Add(module);

        public void EndAuxiliary(string name, double weight)
        {
            auxiliaryDepth--;
            if (Current != null) heads.Add(new AuxiliaryHead(name, Current, weight));
            Rerouted = true;
        }

        /// <summary>The finished graph, its nodes named uniquely (path, then path/op, then _2, _3).</summary>
        public DeclaredGraph Finish(TensorShape input)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal) { DeclaredGraph.InputName };
            foreach (var node in nodes)
            {
                string name = node.Path.Length == 0 ? node.Op.ToLowerInvariant() : node.Path;
                if (taken.Contains(name))
                {
                    string stacked = (node.Path.Length == 0 ? "" : node.Path + "/") + OpName(node);
                    name = stacked;
                    for (int n = 2; taken.Contains(name); n++) name = stacked + "_" + n.ToString(CultureInfo.InvariantCulture);
                }
                node.Name = name;
                taken.Add(name);
            }
            return new DeclaredGraph(input, nodes.ToArray(), Current, heads.ToArray(), blocks.ToArray(), skippedHeads.ToArray());
        }

        /// <summary>An activation is named after its function (relu), other nodes after their op (maxpool, add).</summary>
        static string OpName(GraphNode node) =>
            (node.Args is ActivationArgs a ? a.Kind.ToString() : node.Op).ToLowerInvariant();
    }
}
