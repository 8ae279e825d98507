using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>A K×K count matrix, rows the true class and columns the predicted one, accumulated on the CPU.</summary>
    public sealed class ConfusionCounts
    {
        public ConfusionCounts(int classes)
        {
            Classes = classes;
            Counts = new long[classes * classes];
        }

        public int Classes { get; }

        /// <summary>Row-major: <c>Counts[truth * K + predicted]</c>.</summary>
        public long[] Counts { get; }

        public long this[int truth, int predicted] => Counts[truth * Classes + predicted];

        /// <summary>Adds int64 <paramref name="truth"/> and <paramref name="predicted"/> of any (equal) shape.</summary>
        public void Add(Tensor truth, Tensor predicted)
        {
            using var scope = NewDisposeScope();
            Tensor pairs = truth.flatten().mul(Classes).add(predicted.flatten());
            long[] counts = pairs.bincount(null, Classes * Classes).cpu().data<long>().ToArray();
            for (int i = 0; i < counts.Length; i++) Counts[i] += counts[i];
        }

        public long Total
        {
            get
            {
                long sum = 0;
                foreach (long c in Counts) sum += c;
                return sum;
            }
        }

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

        public double[] Save()
        {
            var state = new double[Counts.Length];
            for (int i = 0; i < state.Length; i++) state[i] = Counts[i];
            return state;
        }

        public void Restore(double[] state, int offset = 0)
        {
            for (int i = 0; i < Counts.Length; i++) Counts[i] = (long)state[offset + i];
        }
    }
}
