using System;
using System.Collections.Generic;
using System.Threading;
using NetDsl.Runtime.Data.Augmentations;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Batches read from an <see cref="ISampleSet"/> and passed through a pipeline on background threads,
    /// handed out in order. A sample's augmentation draws come from (seed, epoch, sample index) and the
    /// order from (seed, epoch), so the batches are the same for any worker count and a resumed epoch
    /// (skip = k) sees exactly batches k, k+1, … of an uninterrupted one. Leaving the enumeration early
    /// stops the workers and frees the batches they had ready; a worker's exception is rethrown to the
    /// consumer, unchanged, when it reaches the failed batch.
    /// </summary>
    public sealed class PrefetchLoader : IBatchSource
    {
        readonly ISampleSet samples;
        readonly ISampleTransform pipeline;
        readonly int channels;

        internal PrefetchLoader(ISampleSet samples, int channels, ISampleTransform pipeline, int batchSize, bool shuffle, int seed, PrefetchOptions? options = null)
        {
            this.samples = samples;
            this.channels = channels;
            this.pipeline = pipeline;
            Plan = new BatchPlan(samples.Count, batchSize, shuffle, seed);
            Options = options ?? new PrefetchOptions();
            Options.Validate();
        }

        internal BatchPlan Plan { get; }
        /// <summary>How many workers decode ahead, and how far.</summary>
        public PrefetchOptions Options { get; }
        /// <summary>Batches in one epoch.</summary>
        public int BatchesPerEpoch => Plan.BatchesPerEpoch;

        /// <summary>The batches of <paramref name="epoch"/> on <paramref name="device"/>, decoded ahead by worker threads, from batch <paramref name="skip"/> on.</summary>
        public IEnumerable<(Tensor Images, Tensor Targets)> Epoch(int epoch, Device device, int skip = 0)
        {
            int[] order = Plan.Order(epoch);
            if (skip < 0 || skip > BatchesPerEpoch) throw new ArgumentOutOfRangeException(nameof(skip), skip, $"an epoch has {BatchesPerEpoch} batches");
            return Options.Workers == 0 ? Inline(order, epoch, device, skip) : Prefetched(order, epoch, device, skip);
        }

        /// <summary>Batch <paramref name="batch"/> of an epoch as CPU tensors, built on the calling thread.</summary>
        public (Tensor Images, Tensor Targets) Build(int[] order, int epoch, int batch, bool pin, CancellationToken cancel = default)
        {
            var indices = Plan.Batch(order, batch);
            var done = new Sample[indices.Length];
            for (int i = 0; i < indices.Length; i++)
            {
                cancel.ThrowIfCancellationRequested();
                int index = indices[i];
                done[i] = pipeline.Apply(samples.Read(index, channels), SampleSeeds.ForSample(Plan.Seed, epoch, index));
            }
            var (images, targets) = BatchAssembler.Assemble(done, samples.HasMasks);
            if (!pin) return (images, targets);
            using (images) using (targets) return (images.pin_memory(), targets.pin_memory());
        }

        IEnumerable<(Tensor, Tensor)> Inline(int[] order, int epoch, Device device, int skip)
        {
            for (int b = skip; b < BatchesPerEpoch; b++)
                yield return ToDevice(Build(order, epoch, b, pin: false), device, pinned: false);
        }

        IEnumerable<(Tensor, Tensor)> Prefetched(int[] order, int epoch, Device device, int skip)
        {
            bool pin = Options.PinMemory && device.type == DeviceType.CUDA;
            // Disposed when the enumeration ends, also by break or an exception: stops workers, frees batches.
            using var run = new OrderedPrefetch<(Tensor Images, Tensor Targets)>((b, cancel) => Build(order, epoch, b, pin, cancel),
                FreeBatch, skip, BatchesPerEpoch, Options.Workers, Options.EffectiveDepth);
            for (int b = skip; b < BatchesPerEpoch; b++)
                yield return ToDevice(run.Take(b), device, pin);
        }

        static void FreeBatch((Tensor Images, Tensor Targets) batch)
        {
            batch.Images.Dispose();
            batch.Targets.Dispose();
        }

        /// <summary>Moves a CPU batch to <paramref name="device"/>; a pinned one asynchronously.</summary>
        static (Tensor, Tensor) ToDevice((Tensor Images, Tensor Targets) batch, Device device, bool pinned)
        {
            if (device.type == DeviceType.CPU) return batch;
            using (batch.Images) using (batch.Targets)
                return (batch.Images.to(device, non_blocking: pinned), batch.Targets.to(device, non_blocking: pinned));
        }
    }
}
