using System;
using System.Collections.Generic;

namespace NetDsl.Graph
{
    /// <summary>
    /// One block instance of a declared graph (<c>layer2.0</c>, a <c>Bottleneck</c>): its path, its generated type and the
    /// arguments it was built with, by parameter name (<c>planes = 128, stride = 2</c>), so an exporter can write a class per
    /// block type mirroring the declaration. Nodes inside it point at it (<see cref="GraphNode.Block"/>).
    /// </summary>
    public sealed class GraphBlock
    {
        internal GraphBlock(string path, Type type, IReadOnlyList<KeyValuePair<string, object>> arguments, GraphBlock? parent)
        {
            Path = path;
            Type = type;
            Arguments = arguments;
            Parent = parent;
        }

        /// <summary>The block's module path (its state-dict prefix).</summary>
        public string Path { get; }

        /// <summary>The declared block class.</summary>
        public Type Type { get; }

        /// <summary>The constructor's parameters and the values this instance got, in declaration order.</summary>
        public IReadOnlyList<KeyValuePair<string, object>> Arguments { get; }

        /// <summary>The block this one sits in; null at the network's level.</summary>
        public GraphBlock? Parent { get; }

        /// <summary>"layer2.0: Bottleneck(planes: 128, stride: 2, …)".</summary>
        public override string ToString()
        {
            var parts = new List<string>();
            foreach (var a in Arguments) parts.Add(a.Key + ": " + Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture));
            return $"{Path}: {Type.Name}({string.Join(", ", parts)})";
        }
    }
}
