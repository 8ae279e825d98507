using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Splits a <see cref="LabeledImages"/> into mini-batches. Batches are index arrays so the caller can
    /// gather them inside its own per-step dispose scope; the order for an epoch depends only on the seed
    /// and the epoch number, so a resumed run sees the same batches as an uninterrupted one.
    /// </summary>
    internal sealed class BatchLoader : IBatchSource
    {
        readonly LabeledImages data;
        readonly bool shuffle;
        readonly int seed;

        public BatchLoader(LabeledImages data, int batchSize, bool shuffle, int seed)
        {
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
            this.data = data;
            BatchSize = batchSize;
            this.shuffle = shuffle;
            this.seed = seed;
        }

        public int BatchSize { get; }

        /// <summary>
        /// Batches per epoch. A last batch of one sample is dropped when shuffling (training), since
        /// BatchNorm cannot normalize a single sample.
        /// </summary>
        public int BatchesPerEpoch
        {
            get
            {
                int full = data.Count / BatchSize, rest = data.Count % BatchSize;
                return full + (rest > 1 || (rest == 1 && !shuffle) ? 1 : 0);
            }
        }

        /// <summary>The sample indices of each batch of <paramref name="epoch"/>.</summary>
        public IEnumerable<long[]> Batches(int epoch)
        {
            long[] order = new long[data.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            // A fixed formula, not HashCode.Combine (randomized per process), so another process resumes identically.
            if (shuffle) new Random(unchecked(seed * 1_000_003 + epoch * 7919 + 17)).Shuffle(order);
            int batches = BatchesPerEpoch;
            for (int b = 0; b < batches; b++)
            {
                int start = b * BatchSize, length = Math.Min(BatchSize, order.Length - start);
                yield return order.AsSpan(start, length).ToArray();
            }
        }

        /// <summary>Batches of <paramref name="epoch"/> from batch <paramref name="skip"/> on, gathered onto <paramref name="device"/>.</summary>
        public IEnumerable<(Tensor Images, Tensor Targets)> Epoch(int epoch, Device device, int skip = 0)
        {
            int index = 0;
            foreach (long[] batch in Batches(epoch))
                if (index++ >= skip) yield return Load(batch, device);
        }

        /// <summary>Gathers one batch onto <paramref name="device"/>; dispose the tensors (or use a dispose scope).</summary>
        public (Tensor images, Tensor labels) Load(long[] indices, Device device)
        {
            using var index = tensor(indices);
            Tensor images = data.Images.index_select(0, index);
            Tensor labels = data.Targets.index_select(0, index);
            if (device.type == DeviceType.CPU) return (images, labels);
            using (images) using (labels) return (images.to(device), labels.to(device));
        }
    }
}
