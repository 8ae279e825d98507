using System;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Seeds derived from (seed, epoch, sample index) by a fixed mixing function. Not HashCode.Combine,
    /// which is randomized per process: a run resumed in another process must draw the same numbers.
    /// </summary>
    internal static class SampleSeeds
    {
        /// <summary>The random source for the order of <paramref name="epoch"/>'s samples.</summary>
        public static Random ForOrder(int seed, int epoch) => new Random(Fold(Mix(Mix((uint)seed) ^ (ulong)(uint)epoch)));

        /// <summary>The random source for every augmentation draw of one sample in one epoch.</summary>
        public static Random ForSample(int seed, int epoch, int index) =>
            new Random(Fold(Mix(Mix(Mix((uint)seed ^ 0xA5A5_0000UL) ^ (ulong)(uint)epoch) ^ (ulong)(uint)index)));

        /// <summary>The random source for the Mixup/CutMix draws of one training batch (step in epoch), never torch's global generator.</summary>
        public static Random ForBatchMix(int seed, int epoch, int step) =>
            new Random(Fold(Mix(Mix(Mix((uint)seed ^ 0x313C_0000UL) ^ (ulong)(uint)epoch) ^ (ulong)(uint)step)));

        /// <summary>SplitMix64's finalizer: small input changes flip about half the output bits.</summary>
        static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }

        static int Fold(ulong x) => (int)((x ^ (x >> 32)) & 0x7FFF_FFFF);
    }
}
