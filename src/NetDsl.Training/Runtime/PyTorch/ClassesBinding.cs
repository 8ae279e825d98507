using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>
    /// Which numbers of a graph follow the network's <c>classes</c> parameter, so <c>model.py</c> writes
    /// <c>create(classes=…)</c> and the head sizes as expressions of it. Found by building the network for two other class
    /// counts: a number that changes is <c>slope·classes + intercept</c>; everything else is a literal.
    /// </summary>
    internal sealed class ClassesBinding
    {
        const int ProbeA = 7, ProbeB = 11;
        readonly Dictionary<(int Node, string Fact), (long Slope, long Intercept)> bound;

        ClassesBinding(Dictionary<(int, string), (long, long)> bound, int? value)
        {
            this.bound = bound;
            Value = value;
        }

        public static ClassesBinding None { get; } = new ClassesBinding(new(), null);

        /// <summary>The network's class count (the default of <c>create(classes=…)</c>), or null when it has no such parameter.</summary>
        public int? Value { get; }

        /// <summary>
        /// Compares <paramref name="actual"/> with the graphs <paramref name="probe"/> builds for other class counts (null: the
        /// network has no classes parameter). Any structural difference, or numbers that disagree on the class count, give
        /// <see cref="None"/>: the model is then written with literals only.
        /// </summary>
        public static ClassesBinding Find(PyGraph actual, Func<int, PyGraph?> probe)
        {
            var a = probe(ProbeA);
            var b = a == null ? null : probe(ProbeB);
            if (a == null || b == null || a.Nodes.Count != actual.Nodes.Count || b.Nodes.Count != actual.Nodes.Count) return None;
            var bound = new Dictionary<(int, string), (long, long)>();
            int? classes = null;
            for (int i = 0; i < actual.Nodes.Count; i++)
            {
                var fa = Facts(a.Nodes[i]);
                var fb = Facts(b.Nodes[i]);
                var fx = Facts(actual.Nodes[i]);
                if (!fa.Keys.SequenceEqual(fx.Keys) || !fb.Keys.SequenceEqual(fx.Keys)) return None;
                foreach (var (fact, va) in fa)
                {
                    long vb = fb[fact];
                    if (va == vb) continue;
                    if ((vb - va) % (ProbeB - ProbeA) != 0) return None;
                    long slope = (vb - va) / (ProbeB - ProbeA), intercept = va - slope * ProbeA;
                    long offset = fx[fact] - intercept;
                    if (offset % slope != 0) return None;
                    int found = checked((int)(offset / slope));
                    if (classes != null && classes != found) return None;
                    classes = found;
                    bound[(i, fact)] = (slope, intercept);
                }
            }
            return classes == null ? None : new ClassesBinding(bound, classes);
        }

        /// <summary><paramref name="value"/> of <paramref name="fact"/> at node <paramref name="node"/>, as a literal or an expression of classes.</summary>
        public string Int(int node, string fact, long value)
        {
            if (!bound.TryGetValue((node, fact), out var rule)) return value.ToString(CultureInfo.InvariantCulture);
            string term = rule.Slope == 1 ? "classes" : rule.Slope.ToString(CultureInfo.InvariantCulture) + " * classes";
            return rule.Intercept == 0 ? term
                : term + (rule.Intercept > 0 ? " + " : " - ") + Math.Abs(rule.Intercept).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The integer facts of a node: its arguments' integer properties and its input's channels and size.</summary>
        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075",
            Justification = "Args are the kernel's argument records, whose properties LayerKind.ArgsType keeps for a trimmed app.")]
        public static SortedDictionary<string, long> Facts(PyNode node)
        {
            var facts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            if (node.Args != null)
                foreach (var p in node.Args.GetType().GetProperties())
                    if (p.GetIndexParameters().Length == 0 && p.GetValue(node.Args) is int v && (p.PropertyType == typeof(int) || p.PropertyType == typeof(int?)))
                        facts[p.Name] = v;
            if (node.InputShapes.Count > 0)
            {
                facts[InChannels] = node.InputShapes[0].C;
                facts[InFeatures] = node.InputShapes[0].Elements;
            }
            return facts;
        }

        public const string InChannels = "in.C", InFeatures = "in.features";
    }
}
