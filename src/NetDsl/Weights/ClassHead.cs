using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NetDsl.Graph;
using static TorchSharp.torch;

namespace NetDsl.Weights
{
    /// <summary>
    /// A classifier's (or segmenter's) class outputs as weights hold them: the layers that give one output per class (the
    /// main head and each auxiliary head), and how to put their rows in another class order. One rule for every path that
    /// starts from weights naming their classes (<c>netdsl.class_names</c>): a data class the weights name takes that name's row,
    /// wherever it sits in the file; a class they do not name keeps the model's fresh initialisation. Names compare
    /// case-insensitively; repeated names, or no name in common, pair nothing (null: the caller keeps the index order).
    /// </summary>
    public static class ClassHead
    {
        /// <summary>The safetensors metadata key NetDsl's exports and train.py record the class names with (JSON list, in output order).</summary>
        public const string ClassNamesMetadataKey = "netdsl.class_names";

        /// <summary>The class names <paramref name="metadata"/> records (<see cref="ClassNamesMetadataKey"/>); null when absent or unreadable.</summary>
        public static IReadOnlyList<string>? ClassNames(IReadOnlyDictionary<string, string> metadata)
        {
            if (!metadata.TryGetValue(ClassNamesMetadataKey, out string? text)) return null;
            // Read with JsonDocument, not JsonSerializer's reflection, which a trimmed or AOT app does not have.
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
                var names = new List<string>();
                foreach (var item in document.RootElement.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) return null;
                    names.Add(item.GetString()!);
                }
                return names;
            }
            catch (JsonException) { return null; }
        }

        /// <summary>
        /// For each of <paramref name="dataClasses"/> (in the data's order) the output of <paramref name="weightClasses"/> that
        /// predicts it, or -1 where the weights name no such class; null when either side has no names, a side repeats a name or no
        /// data class is among the weights' (other names for the same outputs, perhaps: only the index can pair them).
        /// </summary>
        public static long[]? Rows(IReadOnlyList<string>? weightClasses, IReadOnlyList<string>? dataClasses)
        {
            if (weightClasses == null || dataClasses == null || dataClasses.Count == 0) return null;
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < weightClasses.Count; i++)
                if (!index.TryAdd(weightClasses[i], i)) return null;   // repeated names pair nothing reliably
            var rows = new long[dataClasses.Count];
            var used = new HashSet<long>();
            for (int j = 0; j < dataClasses.Count; j++)
            {
                rows[j] = index.TryGetValue(dataClasses[j], out int i) ? i : -1;
                if (rows[j] >= 0 && !used.Add(rows[j])) return null;   // the data repeats a name (case aside)
            }
            return rows.All(r => r < 0) ? null : rows;
        }

        /// <summary>
        /// Whether <paramref name="rows"/> (<see cref="Rows"/>) pair every one of <paramref name="weightClasses"/> with the data's class at
        /// the same index: the same classes in the same order, nothing to align or to say.
        /// </summary>
        public static bool InOrder(IReadOnlyList<string> weightClasses, long[] rows) =>
            weightClasses.Count == rows.Length && rows.Select((r, j) => r == j).All(same => same);

        /// <summary>
        /// The state-dict keys of the layers that give <paramref name="network"/>'s class outputs: the layer producing its output and
        /// each auxiliary head's (a parameterless step after it, a flatten or dropout, is walked back over). Empty for a network
        /// whose output comes from no parameterised layer.
        /// </summary>
        public static IReadOnlyList<string> Keys(Network network) =>
            Layers(network).SelectMany(node => node.StateKeys).Distinct(StringComparer.Ordinal).ToList();

        /// <summary>The nodes of <see cref="Keys"/>: the output's and each auxiliary head's last parameterised layer.</summary>
        static IEnumerable<GraphNode> Layers(Network network)
        {
            var graph = network.Graph;
            var outputs = new List<GraphNode?> { graph.OutputNode };
            outputs.AddRange(graph.AuxiliaryHeads.Select(h => (GraphNode?)h.Output));
            foreach (var output in outputs)
            {
                var node = output;
                while (node != null && node.StateKeys.Count == 0 && node.Sources.Count == 1) node = node.Sources[0];
                if (node != null && node.StateKeys.Count > 0) yield return node;
            }
        }

        /// <summary>
        /// <paramref name="weights"/> with the class rows of <paramref name="network"/>'s head layers (<see cref="Keys"/>) put in the
        /// data's order: the model's class j takes the file's row <paramref name="rows"/>[j], and keeps the model's own (fresh) row
        /// where that is -1 or past <paramref name="rows"/>; the head tensors returned have the model's shape, so the whole dict
        /// loads strictly even when the model's head is narrower or wider than the file's. Null when a head tensor of the file does
        /// not differ from the model's in its class dimension alone (another architecture: nothing to align). The new tensors are
        /// the caller's to dispose (<see cref="Aligned.Dispose"/>); the others are <paramref name="weights"/>' own.
        /// </summary>
        public static Aligned? Align(Network network, IReadOnlyDictionary<string, Tensor> weights, long[] rows)
        {
            var model = StateDictOrder.Entries(network).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            string wrapper = WeightLoader.WrapperPrefix(weights.Keys, model.Keys);
            var result = weights.ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
            var created = new List<Tensor>();
            foreach (var node in Layers(network))
            {
                // A transposed convolution holds its outputs in dim 1 ([in, out, k, k]); every other layer in dim 0.
                int dim = node.Op.StartsWith("ConvTranspose", StringComparison.Ordinal) ? 1 : 0;
                foreach (string key in node.StateKeys)
                {
                    if (!model.TryGetValue(key, out var into) || !weights.TryGetValue(wrapper + key, out var from)) continue;
                    if (into.dim() <= dim) continue;   // num_batches_tracked and the like
                    if (from.dim() != into.dim() || Enumerable.Range(0, (int)into.dim()).Any(d => d != dim && from.shape[d] != into.shape[d]))
                    {
                        foreach (var t in created) t.Dispose();
                        return null;
                    }
                    var aligned = into.detach().to(from.dtype).clone();
                    using (no_grad())
                        for (long j = 0; j < Math.Min(rows.Length, into.shape[dim]); j++)
                            if (rows[j] >= 0 && rows[j] < from.shape[dim])
                            {
                                using var target = aligned.narrow(dim, j, 1);
                                using var source = from.narrow(dim, rows[j], 1);
                                target.copy_(source);
                            }
                    result[wrapper + key] = aligned;
                    created.Add(aligned);
                }
            }
            return created.Count == 0 ? null : new Aligned(result, created);
        }

        /// <summary>
        /// One line saying what <see cref="Align"/> did with <paramref name="rows"/>: the same classes in another order, or which data
        /// classes the weights do not name (their rows fresh) and which of the weights' classes the data lacks (their rows dropped).
        /// </summary>
        public static string Describe(IReadOnlyList<string> weightClasses, IReadOnlyList<string> dataClasses, long[] rows)
        {
            var fresh = dataClasses.Where((_, j) => rows[j] < 0).ToList();
            var dropped = weightClasses.Where((_, i) => !rows.Contains(i)).ToList();
            if (fresh.Count == 0 && dropped.Count == 0)
                return InOrder(weightClasses, rows)
                    ? "the weights name the data's classes in its order"
                    : $"head rows put in the data's class order by name (the weights list {List(weightClasses)}; the data {List(dataClasses)})";
            string text = $"head rows matched to the data's classes by name (the weights list {List(weightClasses)}; the data {List(dataClasses)})";
            if (fresh.Count > 0) text += $"; {List(fresh)} not among the weights' classes: freshly initialised";
            if (dropped.Count > 0) text += $"; the weights' {List(dropped)} not in the data: dropped";
            return text;

            static string List(IReadOnlyList<string> names) => string.Join(", ", names.Take(8)) + (names.Count > 8 ? ", …" : "");
        }

        /// <summary>Weights with their head rows aligned (<see cref="Align"/>): the dict to load, and the tensors made for it.</summary>
        public sealed class Aligned : IDisposable
        {
            readonly List<Tensor> created;

            internal Aligned(IReadOnlyDictionary<string, Tensor> tensors, List<Tensor> created)
            {
                Tensors = tensors;
                this.created = created;
            }

            /// <summary>Every key of the file; the head's tensors in the model's class order and shape.</summary>
            public IReadOnlyDictionary<string, Tensor> Tensors { get; }

            /// <summary>Disposes the head tensors made (not the file's own).</summary>
            public void Dispose()
            {
                foreach (var t in created) t.Dispose();
            }
        }
    }
}
