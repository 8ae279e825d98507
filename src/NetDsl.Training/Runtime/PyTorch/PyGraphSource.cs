using System.Collections.Generic;
using System.Linq;
using NetDsl.Graph;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>The one adapter from the declared graph (<see cref="DeclaredGraph"/>, what the checker checked) to what model.py emission reads.</summary>
    internal static class PyGraphSource
    {
        public static PyGraph Of(Network network)
        {
            var graph = DeclaredGraph.Of(network);
            var index = new Dictionary<GraphNode, int>();
            for (int i = 0; i < graph.Nodes.Count; i++) index[graph.Nodes[i]] = i;
            int Id(GraphNode? n) => n == null ? PyGraph.NetworkInput : index[n];
            var nodes = graph.Nodes.Select((n, i) => new PyNode(i, n.Path, n.Op, n.Args, n.Sources.Select(Id).ToArray(), n.InputShapes, n.Output, n.Auxiliary)).ToArray();
            var arguments = graph.Blocks.ToDictionary(b => b.Path,
                b => string.Join(", ", b.Arguments.Select(a => a.Key + "=" + System.Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture))));
            var heads = graph.AuxiliaryHeads.Select(h => new PyAuxHead(h.Name, Id(h.Output), h.Weight)).ToArray();
            return new PyGraph(nodes, Id(graph.OutputNode)) { BlockArguments = arguments, AuxiliaryHeads = heads };
        }
    }
}
