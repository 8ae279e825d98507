using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>What a registered module becomes in model.py (a <see cref="Group"/> is an [Under] container: an nn.ModuleDict never called).</summary>
    internal enum PyModuleRole { Network, Block, Sequential, Group, Layer }

    /// <summary>
    /// A network's registered modules (names and order as TorchSharp registered them, hence the state-dict keys), each
    /// tied to the graph: a layer to the node that created it, a block or the network to the nodes inside its path.
    /// </summary>
    internal sealed class PyModule
    {
        PyModule(string name, string path, PyModuleRole role, string typeName, PyNode? layer, IReadOnlyList<PyModule> children)
        {
            Name = name;
            Path = path;
            Role = role;
            TypeName = typeName;
            Layer = layer;
            Children = children;
        }

        public string Name { get; }
        public string Path { get; }
        public PyModuleRole Role { get; }

        /// <summary>The .NET type's name (a block's class name in model.py).</summary>
        public string TypeName { get; }

        /// <summary>For a layer: the graph node of the layer it holds.</summary>
        public PyNode? Layer { get; }

        public IReadOnlyList<PyModule> Children { get; }

        public bool IsContainer => Role != PyModuleRole.Layer;

        public PyModule? Child(string name) => Children.FirstOrDefault(c => c.Name == name);

        public IEnumerable<PyModule> Descendants() => Children.SelectMany(c => new[] { c }.Concat(c.Descendants()));

        public static PyModule Of(Network network, PyGraph graph)
        {
            // The first layer node at a path is the module created there; later ones at the same path run functionally.
            var layers = new Dictionary<string, PyNode>(StringComparer.Ordinal);
            foreach (var node in graph.Nodes)
                if (!node.IsMerge && !layers.ContainsKey(node.Path)) layers[node.Path] = node;
            return Build("", "", network, network.GetType().Name, layers);
        }

        static PyModule Build(string name, string path, nn.Module module, string typeName, Dictionary<string, PyNode> layers)
        {
            PyModuleRole role = module switch
            {
                Network => PyModuleRole.Network,
                Block => PyModuleRole.Block,
                Sequential => PyModuleRole.Sequential,
                ModuleGroup => PyModuleRole.Group,
                _ => PyModuleRole.Layer,
            };
            if (role == PyModuleRole.Layer)
            {
                if (!layers.TryGetValue(path, out var node))
                    throw new NotSupportedException($"{path}: module {module.GetType().Name} has no node in the declared graph; model.py cannot be written for it");
                return new PyModule(name, path, role, module.GetType().Name, node, Array.Empty<PyModule>());
            }
            var children = new List<PyModule>();
            foreach (var (childName, child) in module.named_children())
                children.Add(Build(childName, path.Length == 0 ? childName : path + "." + childName, child, child.GetType().Name, layers));
            return new PyModule(name, path, role, typeName, null, children);
        }
    }
}
