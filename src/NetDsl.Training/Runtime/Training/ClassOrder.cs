using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
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
        /// For each data class (in the data's order) the model output that predicts it, or -1 where the model names no such
        /// class (it has no output for it: its samples can only count as wrong), then the model's other outputs; null when
        /// the orders already agree, either side has no names, no data class is among the model's or the model repeats a name
        /// (then only the index can pair them). Names compare case-insensitively.
        /// </summary>
        public static long[]? Mapping(IReadOnlyList<string>? modelClasses, IReadOnlyList<string>? dataClasses)
        {
            // The one matching rule (ClassHead.Rows), which training from named weights aligns head rows by too.
            if (NetDsl.Weights.ClassHead.Rows(modelClasses, dataClasses) is not long[] rows) return null;
            var order = rows.ToList();
            order.AddRange(Enumerable.Range(0, modelClasses!.Count).Select(i => (long)i).Where(i => !order.Contains(i)));
            return order.Select((m, i) => m == i).All(same => same) ? null : order.ToArray();
        }

        /// <summary>The entry of <see cref="Mapping"/> for a data class the model has no output for.</summary>
        public const long Unknown = -1;

        /// <summary>
        /// A description of how the names disagree, for a warning: the data's classes the model does not name (counted wrong when
        /// others pair by name, else all scored by index); null when they agree (or either side has none).
        /// </summary>
        public static string? Disagreement(IReadOnlyList<string>? modelClasses, IReadOnlyList<string>? dataClasses)
        {
            if (modelClasses == null || dataClasses == null || dataClasses.Count == 0) return null;
            var missing = dataClasses.Where(d => !modelClasses.Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count == 0 && dataClasses.Count <= modelClasses.Count) return null;
            string scored = Mapping(modelClasses, dataClasses) is long[] order && order.Contains(Unknown)
                ? "the model has no output for them, so their samples count as wrong (and each adds a loss above 20 to the mean); the other classes are matched by name"
                : "scored by output index";
            return missing.Count > 0
                ? $"the data's classes {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")} are not among the model's ({string.Join(", ", modelClasses.Take(8))}{(modelClasses.Count > 8 ? ", …" : "")}): {scored}"
                : $"the data has {dataClasses.Count} classes, the model's names {modelClasses.Count}: scored by output index";
        }
    }

    /// <summary>A model whose class outputs (dim 1) are put in another order, for scoring it on data that lists its classes differently.</summary>
    public sealed class ReorderedClasses : nn.Module<Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> inner;
        readonly long[] order;

        /// <summary>
        /// <paramref name="order"/>[j] is the output of <paramref name="model"/> that becomes output j, or <see cref="ClassOrder.Unknown"/>
        /// for a class it has no output for (a column below every other, so never predicted); the outputs <paramref name="order"/>
        /// does not name follow, in their order.
        /// </summary>
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
            long outputs = output.shape[1];
            // Outputs past the named ones (a wider head) keep their places after them.
            var all = order.Concat(Enumerable.Range(0, (int)outputs).Select(i => (long)i).Where(i => !order.Contains(i))).ToArray();
            if (!order.Contains(ClassOrder.Unknown))
            {
                using var index = tensor(all, device: output.device);
                return output.index_select(1, index);
            }
            // A class the model cannot predict: 20 below the sample's lowest output (probability under 1e-8), never the argmax.
            using var below = 20.0.ToScalar();
            using var lowest = output.amin(new long[] { 1 }, keepdim: true);
            using var low = lowest.sub(below);
            using var extended = cat(new[] { output, low }, 1);
            using var withLow = tensor(all.Select(i => i == ClassOrder.Unknown ? outputs : i).ToArray(), device: output.device);
            return extended.index_select(1, withLow);
        }
    }
}
