using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>A K×K count matrix, rows the true class and columns the predicted one, accumulated on the CPU.</summary>
    public sealed class ConfusionCounts
    {
        /// <summary>Empty counts for <paramref name="classes"/> classes.</summary>
        public ConfusionCounts(int classes)
        {
            Classes = classes;
            Counts = new long[classes * classes];
        }

        /// <summary>The number of classes.</summary>
        public int Classes { get; }

        /// <summary>Row-major: <c>Counts[truth * K + predicted]</c>.</summary>
        public long[] Counts { get; }

        /// <summary>Samples of class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
        public long this[int truth, int predicted] => Counts[truth * Classes + predicted];

        /// <summary>
        /// Adds int64 <paramref name="truth"/> and <paramref name="predicted"/> of any (equal) shape; positions whose truth is
        /// <paramref name="ignored"/> (a mask's void pixels) are not counted.
        /// </summary>
        public void Add(Tensor truth, Tensor predicted, long? ignored = null)
        {
            using var scope = NewDisposeScope();
            if (ignored is long skip)
            {
                using var skipped = skip.ToScalar();
                Tensor kept = truth.ne(skipped);
                (truth, predicted) = (truth.masked_select(kept), predicted.masked_select(kept));
            }
            using var classes = ((long)Classes).ToScalar();
            Tensor pairs = truth.flatten().mul(classes).add(predicted.flatten(), Scalars.One);
            long[] counts = pairs.bincount(null, Classes * Classes).cpu().data<long>().ToArray();
            for (int i = 0; i < counts.Length; i++) Counts[i] += counts[i];
        }

        /// <summary>
        /// The table for the data's classes: one row per class with its label, one column per class, and — when the
        /// head has more outputs than the data has classes (ImageNet's 1000 on the shapes set's 6) — a last column
        /// "other" counting predictions of classes the data does not have.
        /// </summary>
        public (IReadOnlyList<string> Columns, IReadOnlyList<(string Truth, long[] Counts)> Rows) Table(IReadOnlyList<string> classNames)
        {
            int shown = classNames.Count > 0 ? System.Math.Min(classNames.Count, Classes) : Classes;
            bool other = shown < Classes;
            string Name(int k) => k < classNames.Count ? classNames[k] : "class" + k;
            var columns = new List<string>();
            for (int k = 0; k < shown; k++) columns.Add(Name(k));
            if (other) columns.Add("other");
            var rows = new List<(string, long[])>();
            for (int t = 0; t < shown; t++)
            {
                var counts = new long[columns.Count];
                for (int p = 0; p < Classes; p++) counts[System.Math.Min(p, shown)] += this[t, p];
                rows.Add((Name(t), counts));
            }
            return (columns, rows);
        }

        /// <summary>All samples counted.</summary>
        public long Total
        {
            get
            {
                long sum = 0;
                foreach (long c in Counts) sum += c;
                return sum;
            }
        }

        /// <summary>Samples predicted as their own class.</summary>
        public long Correct
        {
            get
            {
                long sum = 0;
                for (int k = 0; k < Classes; k++) sum += this[k, k];
                return sum;
            }
        }

        /// <summary>Intersection over union of class <paramref name="k"/>; NaN when it is neither present nor predicted.</summary>
        public double IoU(int k)
        {
            long truth = 0, predicted = 0;
            for (int j = 0; j < Classes; j++) { truth += this[k, j]; predicted += this[j, k]; }
            long union = truth + predicted - this[k, k];
            return union == 0 ? double.NaN : (double)this[k, k] / union;
        }

        /// <summary>The counts as numbers, for a checkpoint.</summary>
        public double[] Save()
        {
            var state = new double[Counts.Length];
            for (int i = 0; i < state.Length; i++) state[i] = Counts[i];
            return state;
        }

        /// <summary>Counts saved by <see cref="Save"/>, from <paramref name="offset"/> on.</summary>
        public void Restore(double[] state, int offset = 0)
        {
            for (int i = 0; i < Counts.Length; i++) Counts[i] = (long)state[offset + i];
        }
    }
}
