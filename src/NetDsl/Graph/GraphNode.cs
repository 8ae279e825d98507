using System.Collections.Generic;
using NetDsl.Shapes;

namespace NetDsl.Graph
{
    /// <summary>
    /// One operation of a network's declared graph: a layer of a kind (with the kernel's typed argument record the
    /// shape rule checked), or a merge (<see cref="GraphOps.Add"/>, <see cref="GraphOps.Concat"/>, <see cref="GraphOps.Crop"/>).
    /// Recorded while the network is built, by the same factories and rules that checked it.
    /// </summary>
    public sealed class GraphNode
    {
        readonly GraphNode?[] sources;

        internal GraphNode(string path, string op, LayerKind? kind, object? args, GraphNode?[] sources, TensorShape[] inputShapes,
            TensorShape output, bool auxiliary, GraphBlock? block, IReadOnlyList<string>? ownedKeys = null)
        {
            Block = block;
            Path = path;
            Name = path;
            Op = op;
            Kind = kind;
            Args = args;
            this.sources = sources;
            InputShapes = inputShapes;
            Output = output;
            Auxiliary = auxiliary;
            var keys = new List<string>();
            if (kind != null && args != null)
                foreach (var key in kind.StateKeys(args)) keys.Add(path.Length == 0 ? key : path + "." + key);
            // A merge that owns state (layer scale's parameter, which its block holds).
            if (ownedKeys != null)
                foreach (var key in ownedKeys) keys.Add(path.Length == 0 ? key : path + "." + key);
            StateKeys = keys;
        }

        /// <summary>
        /// Unique within the graph: the path for the first node at it, then <c>path/op</c> (<c>layer1.0.bn1/relu</c>,
        /// <c>layer1.0/add</c>) with <c>_2</c>, <c>_3</c> for repeats, as the summary names its rows.
        /// </summary>
        public string Name { get; internal set; }

        /// <summary>The module path that owns the node's state (<c>layer1.0.conv1</c>); a merge has its block's path.</summary>
        public string Path { get; }

        /// <summary>The kind's attribute name ("Conv", "BatchNorm", "Activation", "MaxPool") or a merge op (<see cref="GraphOps"/>).</summary>
        public string Op { get; }

        /// <summary>The layer kind; null for merges.</summary>
        internal LayerKind? Kind { get; }

        /// <summary>The kernel's argument record (<see cref="ConvArgs"/>, <see cref="ActivationArgs"/>, …); null for merges.</summary>
        public object? Args { get; }

        /// <summary>The nodes this one reads, in order; null stands for the network's input.</summary>
        public IReadOnlyList<GraphNode?> Sources => sources;

        /// <summary>The names of the values this one reads, in order (<see cref="DeclaredGraph.InputName"/> for the network's input).</summary>
        public IReadOnlyList<string> Inputs
        {
            get
            {
                var names = new string[sources.Length];
                for (int i = 0; i < names.Length; i++) names[i] = sources[i]?.Name ?? DeclaredGraph.InputName;
                return names;
            }
        }

        /// <summary>One sample's shape of each input (no batch axis).</summary>
        public IReadOnlyList<TensorShape> InputShapes { get; }

        /// <summary>One sample's output shape (no batch axis).</summary>
        public TensorShape Output { get; }

        /// <summary>The innermost block instance the node belongs to; null for the network's own layers and merges.</summary>
        public GraphBlock? Block { get; }

        /// <summary>Part of an auxiliary head (runs only in training; exporters drop it).</summary>
        public bool Auxiliary { get; }

        /// <summary>Full state-dict keys of the parameters and buffers the node owns (<c>layer1.0.bn1.running_mean</c>).</summary>
        public IReadOnlyList<string> StateKeys { get; }

        /// <summary>The typed argument record, or null when the node is of another kind.</summary>
        public T? ArgsAs<T>() where T : class => Args as T;

        /// <summary>"layer2.0  Add(layer2.0.bn2, layer2.0.downsample.1)  128x28x28" (a block's merge is named after the block).</summary>
        public override string ToString() => $"{Name}  {Op}({string.Join(", ", Inputs)})  {Output}{(Auxiliary ? "  [aux]" : "")}";
    }

    /// <summary>The ops of merge nodes, which have no layer kind.</summary>
    public static class GraphOps
    {
        /// <summary>Element-wise sum of its inputs (residual add, branch add, wired [Add]).</summary>
        public const string Add = "Add";
        /// <summary>Channel concatenation of its inputs, in order (dense skip, Inception branches, wired [Concat]).</summary>
        public const string Concat = "Concat";
        /// <summary>The centre window of its first input at the height and width of its second (U-Net's crop before concat).</summary>
        public const string Crop = "Crop";
        /// <summary>Element-wise product of its two inputs, the second broadcast over the first's axes of size 1 (wired [Multiply]).</summary>
        public const string Multiply = "Multiply";
        /// <summary>
        /// Its input times a C x 1 x 1 parameter the node owns (<see cref="GraphNode.StateKeys"/>: <c>block.layer_scale</c>),
        /// as [Residual(LayerScale = s)] scales a block's body before the add (ConvNeXt).
        /// </summary>
        public const string LayerScale = "LayerScale";
    }
}
