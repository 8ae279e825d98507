using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using NetDsl.Runtime.Data;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// An in-memory sample set for loader tests: sample i's pixels and mask are a function of i. Counts
    /// reads, and can fail on one index the way a corrupt file would.
    /// </summary>
    public sealed class DataSyntheticSamples(int count, int side = 6, bool masks = false, int failAt = -1) : ISampleSet
    {
        int reads;

        public string Name => "synthetic";
        public int Count => count;
        public IReadOnlyList<string> ClassNames { get; } = new[] { "a", "b", "c" };
        public bool HasMasks => masks;
        public int Reads => Volatile.Read(ref reads);

        public Sample Read(int index, int channels)
        {
            Interlocked.Increment(ref reads);
            if (index == failAt) throw new InvalidDataException($"sample{index}.png: not a readable PNG or JPEG image (bad CRC)");
            var pixels = new float[channels * side * side];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (index * 31 + i * 7) % 101 / 100f;
            byte[]? mask = null;
            if (masks)
            {
                mask = new byte[side * side];
                for (int i = 0; i < mask.Length; i++) mask[i] = (byte)((index + i) % 3);
            }
            return new Sample(pixels, channels, side, side, index % 3, mask, $"sample{index}.png");
        }
    }
}
