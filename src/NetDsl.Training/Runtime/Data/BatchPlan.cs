using System;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Which samples form each batch of an epoch: a seeded shuffle per epoch (or the natural order), cut
    /// into batches. Depends only on (seed, epoch), so any process computes the same batches.
    /// </summary>
    internal sealed class BatchPlan
    {
        public BatchPlan(int count, int batchSize, bool shuffle, int seed)
        {
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "the data set is empty");
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
            Count = count;
            BatchSize = batchSize;
            Shuffle = shuffle;
            Seed = seed;
        }

        public int Count { get; }
        public int BatchSize { get; }
        public bool Shuffle { get; }
        public int Seed { get; }

        /// <summary>
        /// Batches per epoch. When shuffling (training) a last batch of one sample is dropped, since
        /// BatchNorm cannot normalize a single sample; evaluation keeps every sample.
        /// </summary>
        public int BatchesPerEpoch
        {
            get
            {
                int full = Count / BatchSize, rest = Count % BatchSize;
                return full + (rest > 1 || (rest == 1 && !Shuffle) ? 1 : 0);
            }
        }

        /// <summary>The sample order of <paramref name="epoch"/>.</summary>
        public int[] Order(int epoch)
        {
            if (epoch < 1) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "epochs count from 1");
            var order = new int[Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            if (Shuffle) SampleSeeds.ForOrder(Seed, epoch).Shuffle(order);
            return order;
        }

        /// <summary>The sample indices of batch <paramref name="batch"/> within <paramref name="order"/>.</summary>
        public ReadOnlySpan<int> Batch(int[] order, int batch)
        {
            if ((uint)batch >= (uint)BatchesPerEpoch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"an epoch has {BatchesPerEpoch} batches");
            int start = batch * BatchSize;
            return order.AsSpan(start, Math.Min(BatchSize, Count - start));
        }
    }
}
