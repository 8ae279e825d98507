using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Runtime.Data;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Per-class weights of the training loss (Keras's <c>class_weight</c>, torch's <c>CrossEntropyLoss(weight=…)</c>): the
    /// "balanced" rule and the counts it needs, and the weights' one-line description.
    /// </summary>
    public static class ClassWeighting
    {
        /// <summary>
        /// scikit-learn's "balanced" weights: n / (K · n_k) for each class k of <paramref name="counts"/> (n samples over K
        /// classes), so every class adds as much to the loss as the others in total; a class with no samples gets 0.
        /// </summary>
        public static double[] Balanced(IReadOnlyList<long> counts)
        {
            long total = counts.Sum();
            int present = counts.Count(c => c > 0);
            if (total == 0) throw new ArgumentException("balanced class weights need at least one training sample", nameof(counts));
            return counts.Select(c => c == 0 ? 0 : total / ((double)present * c)).ToArray();
        }

        /// <summary>
        /// Samples per class of an in-memory split (labels), or pixels per class (masks, void left out); null for other targets
        /// (detection grids, reconstruction).
        /// </summary>
        public static IReadOnlyList<long>? Count(LabeledImages split)
        {
            var targets = split.Targets;
            if (targets.dtype != ScalarType.Int64 || targets.dim() is not (1 or 3)) return null;
            using var scope = NewDisposeScope();
            var flat = targets.flatten();
            if (flat.numel() == 0) return new long[split.ClassCount];
            if (flat.min().item<long>() < 0) return null;   // bad labels are named by the training step's target check, not here
            // Counted in place (no copy of the masks); values past the classes (a mask's void pixels, 255) fall in later bins, dropped.
            long[] counts = flat.bincount(null, split.ClassCount).data<long>().ToArray();
            return counts.Take(split.ClassCount).ToArray();
        }

        /// <summary>"1, 2.5, 0.5" (the first eight, then how many more), for the recipe line and resume messages.</summary>
        public static string Describe(IReadOnlyList<double> weights)
        {
            string Show(double w) => w.ToString("0.###", CultureInfo.InvariantCulture);
            string shown = string.Join(", ", weights.Take(8).Select(Show));
            return weights.Count > 8 ? $"{shown}, … ({weights.Count} classes)" : shown;
        }
    }
}
