using System;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// How a <see cref="PrefetchLoader"/> runs: <see cref="Workers"/> background threads decode and augment
    /// whole batches (0: on the consumer's thread, no threads), at most <see cref="Depth"/> batches are in
    /// work or waiting at once, and with <see cref="PinMemory"/> batches bound for CUDA are built in pinned
    /// host memory and copied asynchronously.
    /// </summary>
    public sealed record PrefetchOptions(int Workers = 1, int Depth = 0, bool PinMemory = true)
    {
        /// <summary>Decoding on the training thread, no workers.</summary>
        public static PrefetchOptions Inline { get; } = new(Workers: 0);

        /// <summary>The depth in use: the one given, else two batches per worker.</summary>
        public int EffectiveDepth => Depth > 0 ? Depth : Math.Max(2, 2 * Workers);

        /// <summary>Throws an <see cref="System.ArgumentException"/> naming a value out of range.</summary>
        public void Validate()
        {
            if (Workers < 0) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "workers cannot be negative");
            if (Depth < 0) throw new ArgumentOutOfRangeException(nameof(Depth), Depth, "prefetch depth cannot be negative");
        }
    }
}
