using System.Collections.Generic;
using NetDsl.Shapes;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>
    /// The facts of a network's declared graph that <c>model.py</c> emission reads: nodes in forward order, each a layer
    /// (its kernel argument record) or a merge, its inputs by index and its shapes. Kept this small so the emitter
    /// depends on the graph through one adapter (PyGraphSource).
    /// </summary>
    internal sealed record PyGraph(IReadOnlyList<PyNode> Nodes, int Output)
    {
        /// <summary>Each block instance's declared constructor arguments by path ("planes=128, stride=2"), for comments in model.py.</summary>
        public IReadOnlyDictionary<string, string> BlockArguments { get; init; } = new Dictionary<string, string>();

        /// <summary>
        /// The built auxiliary heads ([Aux], enabled), in declaration order: what NetDsl's <c>ForwardTraining</c> returns besides
        /// the main output, with the member names and loss weights the declaration gives (DeclaredGraph.AuxiliaryHeads).
        /// </summary>
        public IReadOnlyList<PyAuxHead> AuxiliaryHeads { get; init; } = System.Array.Empty<PyAuxHead>();

        /// <summary>The index that stands for the network's input in <see cref="PyNode.Inputs"/> and <see cref="Output"/>.</summary>
        public const int NetworkInput = -1;
    }

    /// <summary>An auxiliary head: its member <paramref name="Name"/>, the node whose value it returns, its loss weight.</summary>
    internal sealed record PyAuxHead(string Name, int Output, double Weight);

    /// <summary>
    /// One node: <paramref name="Path"/> is the module path owning it (a merge has its block's path), <paramref name="Args"/>
    /// the kernel's argument record (<c>ConvArgs</c>, <c>ActivationArgs</c>, …) or null for a merge, whose
    /// <paramref name="Op"/> is Add, Concat or Crop.
    /// </summary>
    internal sealed record PyNode(int Index, string Path, string Op, object? Args, IReadOnlyList<int> Inputs,
        IReadOnlyList<TensorShape> InputShapes, TensorShape Output, bool Auxiliary)
    {
        public bool IsMerge => Args == null;
    }
}
