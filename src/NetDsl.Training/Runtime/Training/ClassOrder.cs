using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Lines a model's classes up with a data set's by name. The same classes can come in different orders: the built-in
    /// shapes set lists them as generated (circle, square, …), a <c>data shapes</c> folder alphabetically (bar, circle, …),
    /// so scoring a model by index on the other would count most right answers wrong.
    /// </summary>
    public static class ClassOrder
    {
        /// <summary>
        /// For each data class (in the data's order) the model output that predicts it, then the model's other outputs; null
        /// when the orders already agree, either side has no names, or some data class is not among the model's (then only
        /// the index can pair them). Names compare case-insensitively.
        /// </summary>
        public static long[]? Mapping(IReadOnlyList<string>? modelClasses, IReadOnlyList<string>? dataClasses)
        {
            if (modelClasses == null || dataClasses == null || dataClasses.Count == 0 || dataClasses.Count > modelClasses.Count) return null;
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < modelClasses.Count; i++)
                if (!index.TryAdd(modelClasses[i], i)) return null;   // repeated names pair nothing reliably
            var order = new List<long>();
            foreach (string name in dataClasses)
            {
                if (!index.TryGetValue(name, out int i) || order.Contains(i)) return null;
                order.Add(i);
            }
            order.AddRange(Enumerable.Range(0, modelClasses.Count).Select(i => (long)i).Where(i => !order.Contains(i)));
            return order.Select((m, i) => m == i).All(same => same) ? null : order.ToArray();
        }

        /// <summary>
        /// A description of how the names disagree when <see cref="Mapping"/> cannot pair them, for a warning; null when they
        /// agree (or either side has none).
        /// </summary>
        public static string? Disagreement(IReadOnlyList<string>? modelClasses, IReadOnlyList<string>? dataClasses)
        {
            if (modelClasses == null || dataClasses == null || dataClasses.Count == 0) return null;
            var missing = dataClasses.Where(d => !modelClasses.Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count == 0 && dataClasses.Count <= modelClasses.Count) return null;
            return missing.Count > 0
                ? $"the data's classes {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")} are not among the model's ({string.Join(", ", modelClasses.Take(8))}{(modelClasses.Count > 8 ? ", …" : "")}): scored by output index"
                : $"the data has {dataClasses.Count} classes, the model's names {modelClasses.Count}: scored by output index";
        }
    }

    /// <summary>A model whose class outputs (dim 1) are put in another order, for scoring it on data that lists its classes differently.</summary>
    public sealed class ReorderedClasses : nn.Module<Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> inner;
        readonly long[] order;

        /// <summary><paramref name="order"/>[j] is the output of <paramref name="model"/> that becomes output j.</summary>
        public ReorderedClasses(nn.Module<Tensor, Tensor> model, long[] order) : base(nameof(ReorderedClasses))
        {
            inner = model;
            this.order = order;
            register_module("model", model);   // eval()/train() reach it
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor x)
        {
            using var output = FixedSizeInput.Call(inner, x);
            // Outputs past the named ones (a wider head) keep their places after them.
            long[] all = order.Concat(Enumerable.Range(order.Length, (int)Math.Max(0, output.shape[1] - order.Length)).Select(i => (long)i)).ToArray();
            using var index = tensor(all, device: output.device);
            return output.index_select(1, index);
        }
    }
}
