using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Batches gathered from tensors already in memory (images [N, …], targets [N, …]), in the same
    /// seeded order a <see cref="PrefetchLoader"/> with the same seed uses; no augmentation. The tensors
    /// stay the caller's: this does not dispose them.
    /// </summary>
    internal sealed class PreloadedBatches : IBatchSource
    {
        readonly Tensor images, targets;

        public PreloadedBatches(Tensor images, Tensor targets, int batchSize, bool shuffle, int seed)
        {
            if (images.shape[0] != targets.shape[0])
                throw new ArgumentException($"{images.shape[0]} images but {targets.shape[0]} targets");
            this.images = images;
            this.targets = targets;
            Plan = new BatchPlan((int)images.shape[0], batchSize, shuffle, seed);
        }

        internal BatchPlan Plan { get; }
        public int BatchesPerEpoch => Plan.BatchesPerEpoch;

        public IEnumerable<(Tensor Images, Tensor Targets)> Epoch(int epoch, Device device, int skip = 0)
        {
            int[] order = Plan.Order(epoch);
            if (skip < 0 || skip > BatchesPerEpoch) throw new ArgumentOutOfRangeException(nameof(skip), skip, $"an epoch has {BatchesPerEpoch} batches");
            return Batches(order, device, skip);
        }

        IEnumerable<(Tensor, Tensor)> Batches(int[] order, Device device, int skip)
        {
            for (int b = skip; b < BatchesPerEpoch; b++)
            {
                var indices = Plan.Batch(order, b).ToArray();
                long[] wide = Array.ConvertAll(indices, i => (long)i);
                using var index = tensor(wide);
                Tensor x = images.index_select(0, index), y = targets.index_select(0, index);
                if (device.type == DeviceType.CPU) { yield return (x, y); continue; }
                using (x) using (y) yield return (x.to(device), y.to(device));
            }
        }
    }
}
