using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class PrefetchLoaderTests
    {
        const int Seed = 5, BatchSize = 4;
        static readonly TensorShape Input = new(3, 6, 6);
        static readonly ISampleTransform Augmented =
            AugmentationOptions.Parse("crop=2,flip,jitter=0.3").Training(Input, Normalize.ImageNet);

        static PrefetchLoader Loader(ISampleSet set, int workers, int depth = 0, bool shuffle = true) =>
            new(set, 3, Augmented, BatchSize, shuffle, Seed, new PrefetchOptions(workers, depth));

        /// <summary>Every batch of the enumeration, as arrays (the tensors are disposed).</summary>
        static List<(float[] Images, long[] Targets, long[] Shape)> Collect(IEnumerable<(Tensor Images, Tensor Targets)> batches)
        {
            var all = new List<(float[], long[], long[])>();
            foreach (var (images, targets) in batches)
                using (images) using (targets)
                    all.Add((images.data<float>().ToArray(), targets.data<long>().ToArray(), images.shape));
            return all;
        }

        /// <summary>The batches worked out directly from the plan, the pipeline and the seeds, one sample at a time.</summary>
        static List<(float[] Images, long[] Targets)> Reference(ISampleSet set, int epoch, bool shuffle = true)
        {
            var plan = new BatchPlan(set.Count, BatchSize, shuffle, Seed);
            int[] order = plan.Order(epoch);
            var batches = new List<(float[], long[])>();
            for (int b = 0; b < plan.BatchesPerEpoch; b++)
            {
                var samples = plan.Batch(order, b).ToArray()
                    .Select(i => Augmented.Apply(set.Read(i, 3), SampleSeeds.ForSample(Seed, epoch, i))).ToArray();
                batches.Add((samples.SelectMany(s => s.Pixels).ToArray(),
                             samples.SelectMany(s => s.Mask?.Select(m => (long)m) ?? new[] { (long)s.Label }).ToArray()));
            }
            return batches;
        }

        [Theory]
        [InlineData(0, 0)]
        [InlineData(1, 1)]
        [InlineData(1, 0)]
        [InlineData(3, 2)]
        [InlineData(4, 8)]
        public void BatchesEqualTheSequentialReferenceForAnyWorkerCount(int workers, int depth)
        {
            var set = new DataSyntheticSamples(23);
            var expected = Reference(set, epoch: 2);
            var actual = Collect(Loader(set, workers, depth).Epoch(2, CPU));
            Assert.Equal(expected.Count, actual.Count);
            for (int b = 0; b < expected.Count; b++)
            {
                Assert.Equal(expected[b].Images, actual[b].Images);
                Assert.Equal(expected[b].Targets, actual[b].Targets);
            }
            Assert.Equal(new long[] { BatchSize, 3, 6, 6 }, actual[0].Shape);
        }

        [Fact]
        public void MaskBatchesCarryMasksAugmentedWithTheirImages()
        {
            var set = new DataSyntheticSamples(10, masks: true);
            var expected = Reference(set, epoch: 1);
            var loader = Loader(set, workers: 2);
            foreach (var (images, targets) in loader.Epoch(1, CPU).Take(1))
                using (images) using (targets)
                {
                    Assert.Equal(new long[] { BatchSize, 6, 6 }, targets.shape);
                    Assert.Equal(ScalarType.Int64, targets.dtype);
                    Assert.Equal(expected[0].Targets, targets.data<long>().ToArray());
                }
        }

        [Fact]
        public void SkippingKBatchesEqualsDroppingThem()
        {
            var set = new DataSyntheticSamples(30);
            var whole = Collect(Loader(set, workers: 2).Epoch(3, CPU));
            var resumed = Collect(Loader(set, workers: 2).Epoch(3, CPU, skip: 4));
            Assert.Equal(whole.Count - 4, resumed.Count);
            for (int b = 0; b < resumed.Count; b++)
            {
                Assert.Equal(whole[b + 4].Images, resumed[b].Images);
                Assert.Equal(whole[b + 4].Targets, resumed[b].Targets);
            }
            Assert.Empty(Collect(Loader(set, workers: 1).Epoch(3, CPU, skip: whole.Count)));
        }

        [Fact]
        public void EpochsDifferAndTrainingDropsALoneLastSample()
        {
            var set = new DataSyntheticSamples(9);   // 9 = 2 x 4 + 1
            Assert.Equal(2, Loader(set, 1).BatchesPerEpoch);
            Assert.Equal(3, Loader(set, 1, shuffle: false).BatchesPerEpoch);
            var first = Collect(Loader(set, 1).Epoch(1, CPU));
            Assert.NotEqual(first[0].Images, Collect(Loader(set, 1).Epoch(2, CPU))[0].Images);
            Assert.Equal(first[0].Images, Collect(Loader(set, 1).Epoch(1, CPU))[0].Images);
        }

        [Fact]
        public void BreakingOutStopsTheWorkers()
        {
            var set = new DataSyntheticSamples(400);
            var loader = Loader(set, workers: 2, depth: 3);
            int taken = 0;
            foreach (var (images, targets) in loader.Epoch(1, CPU))
            {
                images.Dispose();
                targets.Dispose();
                if (++taken == 2) break;
            }
            int reads = set.Reads;
            // Claimed batches are bounded by what was taken plus the depth, far below the 100 of the epoch.
            Assert.InRange(reads, 2 * BatchSize, (taken + 3) * BatchSize);
            Thread.Sleep(200);   // not a timing assert: workers that still ran would read more in the meantime
            Assert.Equal(reads, set.Reads);
        }

        [Fact]
        public void AWorkerExceptionReachesTheConsumerWithItsMessage()
        {
            var set = new DataSyntheticSamples(40, failAt: 13);   // batch 3 of the unshuffled order
            var loader = Loader(set, workers: 2, shuffle: false);
            int delivered = 0;
            var error = Assert.Throws<InvalidDataException>(() =>
            {
                foreach (var (images, targets) in loader.Epoch(1, CPU))
                {
                    images.Dispose();
                    targets.Dispose();
                    delivered++;
                }
            });
            Assert.Equal("sample13.png: not a readable PNG or JPEG image (bad CRC)", error.Message);
            Assert.Equal(3, delivered);
            Assert.Throws<InvalidDataException>(() => Collect(Loader(set, workers: 0, shuffle: false).Epoch(1, CPU)));
        }

        [Fact]
        public void PreloadedBatchesFollowTheSameOrder()
        {
            var set = new DataSyntheticSamples(13);
            var identity = new SamplePipeline();
            var loader = new PrefetchLoader(set, 3, identity, BatchSize, shuffle: true, Seed, new PrefetchOptions(1));
            var samples = Enumerable.Range(0, 13).Select(i => set.Read(i, 3)).ToArray();
            using var images = tensor(samples.SelectMany(s => s.Pixels).ToArray(), new long[] { 13, 3, 6, 6 });
            using var labels = tensor(samples.Select(s => (long)s.Label).ToArray());
            var preloaded = new PreloadedBatches(images, labels, BatchSize, shuffle: true, Seed);

            Assert.Equal(loader.BatchesPerEpoch, preloaded.BatchesPerEpoch);
            var a = Collect(loader.Epoch(4, CPU));
            var b = Collect(preloaded.Epoch(4, CPU, skip: 1));
            for (int i = 0; i < b.Count; i++)
            {
                Assert.Equal(a[i + 1].Images, b[i].Images);
                Assert.Equal(a[i + 1].Targets, b[i].Targets);
            }
        }
    }
}
