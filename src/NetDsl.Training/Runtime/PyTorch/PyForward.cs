using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Shapes;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>
    /// The body of a model.py class's <c>forward</c>, read from the graph nodes inside the class's module path: a call of a
    /// submodule for the nodes it owns, a functional call for a parameter-free layer applied in place of a module, and
    /// the merges (add, concat, crop). Values used once by the next line flow through <c>x</c>; others get a name.
    /// </summary>
    internal static class PyForward
    {
        const int External = PyGraph.NetworkInput;

        sealed class Step
        {
            public required string? Child;       // a submodule call, or null for a functional op or merge
            public required PyNode Last;
            public readonly List<PyNode> Nodes = new();
            public List<int> Inputs = new();
        }

        /// <summary>The nodes inside <paramref name="module"/>'s path (its own merges included), for a module no parent call assigned nodes to.</summary>
        public static List<PyNode> ByPath(PyModule module, PyGraph graph, bool training = false)
        {
            string prefix = module.Path + ".";
            var nodes = graph.Nodes.Where(n => module.Path.Length == 0 || n.Path == module.Path || n.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            // A training-only head (GoogLeNet's aux) is left out of forward, kept in forward_training; a block used only by one keeps its nodes.
            return training || !nodes.Any(n => !n.Auxiliary) ? nodes : nodes.Where(n => !n.Auxiliary).ToList();
        }

        /// <summary>
        /// The lines of <paramref name="container"/>'s forward (without the <c>def</c>) over <paramref name="scope"/>, the nodes
        /// its caller's call runs, reading its input from <c>x</c>; <paramref name="childNodes"/> gets the nodes each
        /// submodule call runs (what that submodule's own forward is written from). With <paramref name="auxiliary"/> (the
        /// network's forward_training over all its nodes, heads included) it returns the main output and a list of each head's
        /// <c>(name, output, weight)</c>, as NetDsl's ForwardTraining.
        /// </summary>
        public static List<string> Lines(PyModule container, List<PyNode> scope, int? output, ISet<string> helpers, out Dictionary<string, List<PyNode>> childNodes,
            IReadOnlyList<PyAuxHead>? auxiliary = null)
        {
            var inScope = new HashSet<int>(scope.Select(n => n.Index));

            // Children whose modules are called one by one: [Under] groups always, and a block or Sequential whose inside a later
            // step reads (a tap inside a member, torchvision's IntermediateLayerGetter): found by grouping once, then again.
            var opened = new HashSet<string>(StringComparer.Ordinal);
            var steps = Group(container, scope, opened);
            for (string? reopen; (reopen = ReadInside(steps)) != null && opened.Add(reopen);) steps = Group(container, scope, opened);

            childNodes = new Dictionary<string, List<PyNode>>(StringComparer.Ordinal);
            foreach (var step in steps)
                if (step.Child != null)
                {
                    // An opened child's own forward is written from what its children's calls ran here.
                    foreach (string key in new[] { step.Child, Top(step.Child) }.Distinct())
                    {
                        if (key != step.Child && !opened.Contains(key) && container.Child(key)?.Role != PyModuleRole.Group) continue;
                        if (!childNodes.TryGetValue(key, out var list)) childNodes[key] = list = new List<PyNode>();
                        list.AddRange(step.Nodes);
                    }
                }

            // Each step reads the values produced outside it: a call reads what its nodes take from outside the child.
            var producer = new Dictionary<int, int>();
            for (int s = 0; s < steps.Count; s++) producer[steps[s].Last.Index] = s;
            foreach (var step in steps)
            {
                var inside = new HashSet<int>(step.Nodes.Select(n => n.Index));
                var reads = new List<int>();
                foreach (var n in step.Nodes)
                    foreach (int source in n.Inputs)
                    {
                        int value = source == External || !inScope.Contains(source) ? External : source;
                        if (value != External && inside.Contains(value)) continue;
                        if (value != External && !producer.ContainsKey(value))
                            throw new NotSupportedException($"{n.Path}: reads {scope.First(m => m.Index == value).Path} from inside another module's call; model.py cannot express this wiring");
                        if (step.Child == null || !reads.Contains(value)) reads.Add(value);
                    }
                if (step.Child != null && reads.Count != 1)
                    throw new NotSupportedException($"{container.Path}.{step.Child}: its module reads {reads.Count} values from outside; model.py calls a module with one");
                step.Inputs = reads;
            }

            int result = output ?? (steps.Count == 0 ? External : steps[^1].Last.Index);
            // Who reads each value: step indices, and steps.Count for the return.
            var readers = new Dictionary<int, List<int>>();
            void Read(int value, int reader) { if (!readers.TryGetValue(value, out var list)) readers[value] = list = new(); list.Add(reader); }
            for (int s = 0; s < steps.Count; s++) foreach (int v in steps[s].Inputs) Read(v, s);
            Read(result, steps.Count);
            foreach (var head in auxiliary ?? Array.Empty<PyAuxHead>()) Read(head.Output, steps.Count);

            var names = new Dictionary<int, string>();
            var taken = new HashSet<string>(StringComparer.Ordinal) { "x" };
            var lines = new List<string>();
            bool Flows(int value, int producedAt) => readers.TryGetValue(value, out var r) && r.Count == 1 && r[0] == producedAt + 1;
            if (!Flows(External, -1) && readers.ContainsKey(External))
            {
                names[External] = Unique("identity", taken);
                lines.Add($"{names[External]} = x");
            }
            else names[External] = "x";

            for (int s = 0; s < steps.Count; s++)
            {
                var step = steps[s];
                var inputs = step.Inputs.Select(v => names[v]).ToList();
                string expression = step.Child != null ? $"{Access(container, step.Child)}({inputs[0]})" : Expression(step.Last, inputs, helpers);
                int value = step.Last.Index;
                string target = Flows(value, s) ? "x" : Unique(KeptName(container, step), taken);
                names[value] = target;
                lines.Add($"{target} = {expression}");
            }
            if (auxiliary == null) lines.Add($"return {names[result]}");
            else lines.Add($"return {names[result]}, [{string.Join(", ", auxiliary.Select(h => $"({PyCode.Str(h.Name)}, {names[h.Output]}, {PyCode.Float(h.Weight)})"))}]");
            return lines;
        }

        /// <summary>The container's nodes as steps: runs of nodes one child's call runs, and the nodes the container runs itself.</summary>
        static List<Step> Group(PyModule container, List<PyNode> scope, ISet<string> opened)
        {
            var steps = new List<Step>();
            PyNode? previous = null;
            foreach (var n in scope)
            {
                string? child = OwnerChild(container, n, previous, steps, opened);
                if (child != null && steps.Count > 0 && steps[^1].Child == child && !(Find(container, child)!.Layer == n))
                {
                    steps[^1].Nodes.Add(n);
                    steps[^1].Last = n;
                }
                else
                {
                    var step = new Step { Child = child, Last = n };
                    step.Nodes.Add(n);
                    steps.Add(step);
                }
                previous = n;
            }
            return steps;
        }

        /// <summary>A child call whose inside another step reads (not its output): that child must be opened, or null.</summary>
        static string? ReadInside(List<Step> steps)
        {
            var owner = new Dictionary<int, Step>();
            foreach (var step in steps) foreach (var n in step.Nodes) owner[n.Index] = step;
            foreach (var step in steps)
                foreach (var n in step.Nodes)
                    foreach (int source in n.Inputs)
                        if (owner.TryGetValue(source, out var producer) && producer != step && producer.Child != null && producer.Last.Index != source)
                            return Top(producer.Child);
            return null;
        }

        static string Top(string key) => key.IndexOf('.') is int dot and >= 0 ? key.Substring(0, dot) : key;

        /// <summary>The module a step key names: a direct child, or (an opened child's) <c>child.grandchild</c>.</summary>
        static PyModule? Find(PyModule container, string key)
        {
            var module = container;
            foreach (string part in key.Split('.')) module = module?.Child(part);
            return module;
        }

        /// <summary>
        /// The child whose call runs <paramref name="n"/> (<c>child.grandchild</c> inside an opened child or an [Under] group),
        /// or null when the container runs it itself.
        /// </summary>
        static string? OwnerChild(PyModule container, PyNode n, PyNode? previous, List<Step> steps, ISet<string> opened)
        {
            string rel = container.Path.Length == 0 ? n.Path : n.Path.Length == container.Path.Length ? "" : n.Path.Substring(container.Path.Length + 1);
            if (rel.Length == 0) return null;
            int dot = rel.IndexOf('.');
            string name = dot < 0 ? rel : rel.Substring(0, dot);
            var child = container.Child(name);
            if (child == null) return null;
            if ((opened.Contains(name) || child.Role == PyModuleRole.Group) && dot >= 0)
            {
                string inner = rel.Substring(dot + 1);
                int next = inner.IndexOf('.');
                string grand = next < 0 ? inner : inner.Substring(0, next);
                if (child.Child(grand) is { } element) return Decide(element, name + "." + grand, n, previous, steps);
            }
            return Decide(child, name, n, previous, steps);
        }

        /// <summary>Whether <paramref name="child"/>'s call (step key <paramref name="key"/>) runs <paramref name="n"/>.</summary>
        static string? Decide(PyModule child, string key, PyNode n, PyNode? previous, List<Step> steps)
        {
            if (n.Path != child.Path) return key;                        // deeper: inside the child
            if (child.Role == PyModuleRole.Layer) return child.Layer == n ? key : null;   // later nodes at a layer's path run functionally
            // At a block's own path: its merges, its residual drop and the activation right after a merge are the block's; anything else follows it.
            bool inOpenCall = steps.Count > 0 && steps[^1].Child == key;
            if (child.Role == PyModuleRole.Block && inOpenCall && (n.IsMerge || n.Args is StochasticDepthArgs || (n.Args is ActivationArgs && previous != null && previous.IsMerge && previous.Path == n.Path)))
                return key;
            return null;
        }

        /// <summary>
        /// The submodule as forward reaches it: <c>self.conv1</c>, <c>self[0]</c> in an indexed (Sequential) block, and inside an
        /// opened child or a group <c>self.backbone[4]</c>, <c>self.classifier["cbr"]</c>.
        /// </summary>
        static string Access(PyModule container, string key)
        {
            var parts = key.Split('.');
            string access = Member(parts[0]);
            var module = container.Child(parts[0]);
            for (int i = 1; i < parts.Length && module != null; i++)
            {
                string part = parts[i];
                if (module.Role == PyModuleRole.Group) access += $"[{PyCode.Str(part)}]";                 // an nn.ModuleDict
                else if (part.All(char.IsAsciiDigit)) access += $"[{part}]";                              // an nn.Sequential
                else if (ModuleMethods.Contains(part)) access += $"._modules[{PyCode.Str(part)}]";
                else access += "." + part;
                module = module.Child(part);
            }
            return access;
        }

        /// <summary>The submodule as forward reaches it: <c>self.conv1</c>, or <c>self[0]</c> in an indexed (Sequential) block.</summary>
        static string Member(string name) =>
            name.Length > 0 && name.All(char.IsAsciiDigit) ? $"self[{name}]"
            // A submodule named like an nn.Module method (ShuffleNetV2's "half") is shadowed by it as self.half: read it from _modules.
            : ModuleMethods.Contains(name) ? $"self._modules[{PyCode.Str(name)}]" : "self." + name;

        /// <summary>torch.nn.Module's public methods (torch 1.13): attribute lookup finds these before a registered submodule.</summary>
        static readonly HashSet<string> ModuleMethods = new(StringComparer.Ordinal)
        {
            "add_module", "apply", "bfloat16", "buffers", "children", "cpu", "cuda", "double", "eval", "extra_repr", "float", "forward",
            "get_buffer", "get_extra_state", "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "named_buffers",
            "named_children", "named_modules", "named_parameters", "parameters", "register_backward_hook", "register_buffer",
            "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook", "register_load_state_dict_post_hook",
            "register_module", "register_parameter", "requires_grad_", "set_extra_state", "share_memory", "state_dict", "to", "to_empty",
            "train", "type", "xpu", "zero_grad",
        };

        static string Expression(PyNode n, List<string> inputs, ISet<string> helpers)
        {
            switch (n.Op)
            {
                case "Add": return string.Join(" + ", inputs);
                case "Concat": return $"torch.cat([{string.Join(", ", inputs)}], 1)";
                case "Crop":
                    helpers.Add(PyHelpers.CenterCrop);
                    return $"center_crop({inputs[0]}, {inputs[1]})";
                case "Multiply": return $"{inputs[0]} * {inputs[1]}";   // broadcast as in NetDsl's forward
                case "LayerScale": return $"{inputs[0]} * self.layer_scale";   // the block's own parameter (model.py's block class holds it)
            }
            if (n.Args is StochasticDepthArgs) helpers.Add(PyHelpers.StochasticDepth);
            if (n.Args is ChannelAffineArgs { Enabled: true }) helpers.Add(PyHelpers.ChannelAffine);
            if (n.IsMerge) throw new NotSupportedException($"{n.Path}: merge {n.Op} has no PyTorch mapping yet");
            return PyLayers.Functional(n, inputs[0]);
        }

        static string KeptName(PyModule container, Step step)
        {
            if (step.Child != null) return PyCode.Identifier(step.Child);
            var n = step.Last;
            string rel = container.Path.Length == 0 ? n.Path : n.Path.Length == container.Path.Length ? "" : n.Path.Substring(container.Path.Length + 1);
            string op = n.Args is ActivationArgs a ? PyLayers.ActName(a.Kind) : n.Op.ToLowerInvariant() switch { "concat" => "cat", var o => o };
            return PyCode.Identifier(rel.Length == 0 ? op : rel + "_" + op);
        }

        static string Unique(string name, HashSet<string> taken)
        {
            string candidate = name;
            for (int i = 2; !taken.Add(candidate); i++) candidate = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return candidate;
        }
    }
}
