using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>
    /// Writes <c>model.py</c>: plain <c>torch.nn</c> classes mirroring the declaration, one per block type (a second
    /// class when instances of a type differ in structure, e.g. with and without a projection) and one for the network,
    /// registering submodules under NetDsl's names (so the state-dict keys are the same), and <c>create(**params)</c>.
    /// Structure comes from the registered modules, wiring from the declared graph; no NetDsl dependency in the output.
    /// </summary>
    internal sealed class ModelPyWriter
    {
        readonly PyGraph graph;
        readonly ClassesBinding classes;
        readonly HashSet<string> helpers = new(StringComparer.Ordinal);
        sealed record BlockClass(string TypeName, List<string> Children, List<string> Forward, List<string> Paths, bool LayerScale)
        {
            public string Name { get; set; } = TypeName;
        }

        readonly List<BlockClass> blockClasses = new();
        readonly Dictionary<string, BlockClass> classOfPath = new(StringComparer.Ordinal);
        bool orderedDict;

        ModelPyWriter(PyGraph graph, ClassesBinding classes)
        {
            this.graph = graph;
            this.classes = classes;
        }

        /// <summary>The text of model.py for <paramref name="network"/> (<paramref name="name"/> in the catalogue).</summary>
        public static string Write(string name, ModelTask task, Network network, PyGraph graph, ClassesBinding classes, ModelCard? card)
        {
            var root = PyModule.Of(network, graph);
            var writer = new ModelPyWriter(graph, classes);
            return writer.Text(name, task, network, root, card);
        }

        string Text(string name, ModelTask task, Network network, PyModule root, ModelCard? card)
        {
            // Forwards top-down (a call's nodes are what the callee's forward runs), classes bottom-up (inner blocks first).
            var forwards = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            Visit(root, PyForward.ByPath(root, graph), forwards);
            foreach (var block in PostOrder(root).Where(m => m.Role == PyModuleRole.Block)) ClassFor(block, forwards[block.Path]);
            NameClasses();
            var networkForward = forwards[root.Path];
            // The training forward: the network's forward over all its nodes, the built [Aux] heads' included (their classes come
            // from forward's walk, which writes a head's forward from its own nodes), returning each head's output and weight.
            var trainingForward = graph.AuxiliaryHeads.Count == 0 ? null
                : PyForward.Lines(root, PyForward.ByPath(root, graph, training: true), graph.Output, helpers, out _, graph.AuxiliaryHeads);
            var init = new List<string>();
            foreach (var child in root.Children) init.Add($"self.{child.Name} = {Construct(child, 2)}");

            var input = network.InputShape;
            var text = new StringBuilder();
            string inputText = input.Is2d ? $"({input.C}, {input.H}, {input.W})" : input.Is1d ? $"({input.C}, {input.W})" : $"({input.C},)";
            text.Append($"\"\"\"{name}: {root.TypeName} exported from NetDsl for input {input}.\n\n")
                .Append("Plain torch.nn: the state-dict keys are NetDsl's (torchvision's for the zoo), so NetDsl's weights load with\n")
                .Append("model.load_state_dict(weights, strict=True). create(**params) builds it; train.py trains it.\n\"\"\"\n");
            if (orderedDict) text.Append("from collections import OrderedDict\n\n");
            text.Append("import torch\n");
            if (helpers.Contains(PyHelpers.DeformConv)) text.Append("import torchvision.ops\n");
            text.Append("import torch.nn.functional as F\nfrom torch import nn\n\n");
            text.Append($"NAME = {PyCode.Str(name)}\nINPUT = {inputText}\nTASK = {PyCode.Str(task.ToString().ToLowerInvariant())}\n");
            // The [Aux] heads' modules: forward skips them (as NetDsl's forward does); forward_training runs them (NetDsl's
            // ForwardTraining) and train.py adds their weighted losses.
            var auxiliary = graph.Nodes.Where(n => n.Auxiliary && n.Path.Length > 0).Select(n => n.Path.Split('.')[0]).Distinct(StringComparer.Ordinal).ToList();
            text.Append("AUXILIARY = (").Append(string.Concat(auxiliary.Select(a => PyCode.Str(a) + ", "))).Append(")\n");
            text.Append(PyRecipe.Text(card, task));
            foreach (string helper in PyHelpers.Code(helpers)) text.Append("\n\n").Append(helper);

            foreach (var block in blockClasses)
            {
                // A block registering its layers as "0", "1", … (torchvision's Conv2dNormActivation) is an nn.Sequential.
                bool indexed = Indexed(block.Children);
                text.Append("\n\nclass ").Append(block.Name).Append(indexed ? "(nn.Sequential):\n" : "(nn.Module):\n");
                text.Append($"    \"\"\"Block {block.TypeName}: {Paths(block.Paths)}.\"\"\"\n");
                if (!indexed)
                {
                    text.Append("\n    def __init__(self").Append(block.LayerScale ? ", layer_scale" : "").Append(string.Concat(block.Children.Select(c => ", " + c))).Append("):\n");
                    text.Append("        super().__init__()\n");
                    // [Residual(LayerScale)]: the block's own C x 1 x 1 parameter (torchvision's CNBlock.layer_scale), its shape given.
                    if (block.LayerScale) text.Append("        self.layer_scale = nn.Parameter(torch.ones(layer_scale))\n");
                    foreach (string c in block.Children) text.Append($"        self.{c} = {c}\n");
                }
                AppendForward(text, block.Forward);
            }

            string parameter = classes.Value is int count ? $"classes={count.ToString(CultureInfo.InvariantCulture)}" : "";
            text.Append("\n\nclass ").Append(root.TypeName).Append("(nn.Module):\n");
            text.Append($"    \"\"\"{name} at input {input}.\"\"\"\n\n");
            text.Append("    def __init__(self").Append(parameter.Length > 0 ? ", " + parameter : "").Append("):\n");
            text.Append("        super().__init__()\n");
            foreach (string line in init) text.Append("        ").Append(line).Append('\n');
            AppendForward(text, networkForward);
            if (trainingForward != null)
            {
                text.Append("\n    def forward_training(self, x):\n");
                text.Append("        \"\"\"NetDsl's ForwardTraining: the main output and [(name, output, loss weight)] of each auxiliary head, in declaration\n")
                    .Append("        order; train.py's loss is the main loss plus weight * loss(output) of each (forward leaves the heads out).\"\"\"\n");
                foreach (string line in trainingForward) text.Append("        ").Append(line).Append('\n');
            }

            text.Append($"\n\ndef create({parameter}):\n");
            text.Append($"    \"\"\"{name} with fresh weights{(parameter.Length > 0 ? " and a head for `classes` classes" : "")}.\"\"\"\n");
            text.Append($"    return {root.TypeName}({(parameter.Length > 0 ? "classes=classes" : "")})\n");
            return text.ToString();
        }

        static void AppendForward(StringBuilder text, List<string> lines)
        {
            text.Append("\n    def forward(self, x):\n");
            foreach (string line in lines) text.Append("        ").Append(line).Append('\n');
        }

        static string Paths(List<string> paths) =>
            paths.Count <= 4 ? string.Join(", ", paths) : $"{string.Join(", ", paths.Take(3))} … {paths[^1]} ({paths.Count} instances)";

        /// <summary>Writes the forward of <paramref name="module"/> (a block or the network) over <paramref name="nodes"/>, then its submodules'.</summary>
        void Visit(PyModule module, List<PyNode> nodes, Dictionary<string, List<string>> forwards)
        {
            if (module.Role == PyModuleRole.Sequential || module.Role == PyModuleRole.Group)
            {
                // A Sequential runs its elements in order, a group's are called one by one; each element's nodes lie at or under its path.
                foreach (var element in module.Children)
                    Visit(element, nodes.Where(n => n.Path == element.Path || n.Path.StartsWith(element.Path + ".", StringComparison.Ordinal)).ToList(), forwards);
                return;
            }
            if (module.Role == PyModuleRole.Layer) return;
            forwards[module.Path] = PyForward.Lines(module, nodes, module.Role == PyModuleRole.Network ? graph.Output : null, helpers, out var childNodes);
            foreach (var child in module.Children.Where(c => c.IsContainer))
                Visit(child, childNodes.TryGetValue(child.Name, out var assigned) ? assigned : PyForward.ByPath(child, graph), forwards);
        }

        /// <summary>The model.py class for a block instance: an existing one when its structure and forward are the same.</summary>
        void ClassFor(PyModule block, List<string> forward)
        {
            var children = block.Children.Select(c => c.Name).ToList();
            // A nested block's class name appears in the parent's forward only through calls, so equal text means equal code.
            // Submodules are constructor arguments, so instances share a class whenever their own code is the same.
            bool scale = LayerScaleOf(block) != null;
            var found = blockClasses.FirstOrDefault(c => c.TypeName == block.TypeName && c.Children.SequenceEqual(children) && c.Forward.SequenceEqual(forward)
                && c.LayerScale == scale);
            if (found == null) blockClasses.Add(found = new BlockClass(block.TypeName, children, forward, new List<string>(), scale));
            found.Paths.Add(block.Path);
            classOfPath[block.Path] = found;
        }

        /// <summary>
        /// A block type with several classes: each is named after the submodules only it has (BottleneckDownsample), then
        /// numbered where that does not tell them apart (InvertedResidual, InvertedResidual2).
        /// </summary>
        void NameClasses()
        {
            foreach (var group in blockClasses.GroupBy(c => c.TypeName).Where(g => g.Count() > 1))
            {
                var variants = group.ToList();
                var taken = new HashSet<string>(StringComparer.Ordinal);
                foreach (var variant in variants)
                {
                    var own = variant.Children.Where(c => variants.Any(o => !o.Children.Contains(c)));
                    string name = variant.TypeName + string.Concat(own.Select(Pascal));
                    string candidate = name;
                    for (int i = 2; !taken.Add(candidate); i++) candidate = name + i.ToString(CultureInfo.InvariantCulture);
                    variant.Name = candidate;
                }
            }
        }

        static string Pascal(string name)
        {
            string id = PyCode.Identifier(name, "M");
            return char.ToUpperInvariant(id[0]) + id.Substring(1);
        }

        /// <summary>The Python expression that builds <paramref name="module"/>, nested lines indented by <paramref name="depth"/> levels.</summary>
        string Construct(PyModule module, int depth)
        {
            string inner = new string(' ', 4 * (depth + 1));
            switch (module.Role)
            {
                case PyModuleRole.Layer:
                    return PyLayers.Module(module.Layer!, classes, helpers);
                case PyModuleRole.Group:
                    // [Under]'s container: an nn.ModuleDict of the members in order (pairs keep it), called one by one by its owner.
                    return "nn.ModuleDict([\n"
                        + string.Join(",\n", module.Children.Select(c => $"{inner}({PyCode.Str(c.Name)}, {Construct(c, depth + 1)})")) + "])";
                case PyModuleRole.Sequential:
                    if (Indexed(module.Children.Select(c => c.Name).ToList()))
                        return "nn.Sequential(\n" + string.Join(",\n", module.Children.Select(c => inner + Construct(c, depth + 1))) + ")";
                    orderedDict = true;
                    return "nn.Sequential(OrderedDict([\n"
                        + string.Join(",\n", module.Children.Select(c => $"{inner}({PyCode.Str(c.Name)}, {Construct(c, depth + 1)})")) + "]))";
                default:
                    string cls = classOfPath[module.Path].Name;
                    var scale = LayerScaleOf(module);
                    string first = scale is { } c0 ? $"{inner}layer_scale=({c0}, 1, 1)" + (module.Children.Count > 0 ? ",\n" : "") : "";
                    if (module.Children.Count == 0) return scale == null ? cls + "()" : cls + "(\n" + first + ")";
                    // The declaration's arguments for this instance, as a comment: what the submodules below were built from.
                    string open = graph.BlockArguments.TryGetValue(module.Path, out string? declared) && declared.Length > 0 ? "(  # " + declared : "(";
                    bool positional = Indexed(module.Children.Select(c => c.Name).ToList());
                    if (scale != null && positional)
                        throw new NotSupportedException($"{module.Path}: an indexed block that owns a layer scale; model.py writes it as nn.Sequential, which cannot hold one");
                    return cls + open + "\n" + first + string.Join(",\n", module.Children.Select(c => $"{inner}{(positional ? "" : c.Name + "=")}{Construct(c, depth + 1)}")) + ")";
            }
        }

        /// <summary>The channels of the layer scale the block at <paramref name="module"/>'s path owns, or null when it has none.</summary>
        int? LayerScaleOf(PyModule module)
        {
            var node = graph.Nodes.FirstOrDefault(n => n.IsMerge && n.Op == "LayerScale" && n.Path == module.Path);
            return node?.Output.C;
        }

        /// <summary>Whether the names are "0", "1", … in order (what nn.Sequential registers).</summary>
        static bool Indexed(List<string> names) =>
            names.Count > 0 && names.Select((n, i) => n == i.ToString(CultureInfo.InvariantCulture)).All(b => b);

        static IEnumerable<PyModule> PostOrder(PyModule module)
        {
            foreach (var child in module.Children)
                foreach (var m in PostOrder(child)) yield return m;
            yield return module;
        }
    }
}
