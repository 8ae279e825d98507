using System;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// How <see cref="DataCheck.Run(DataSource, DataCheckOptions?)"/> reads a data set: images converted to <see cref="Channels"/> (the model's: 1 gray, 3 RGB;
    /// as training converts them) and decoded on <see cref="Workers"/> threads (0: one per processor).
    /// </summary>
    public sealed record DataCheckOptions(int Channels = 3, int Workers = 0)
    {
        /// <summary>The worker count in use.</summary>
        public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;

        /// <summary>Throws an <see cref="ArgumentException"/> naming a value out of range.</summary>
        public void Validate()
        {
            if (Channels != 1 && Channels != 3) throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "image data is read as 1 (grayscale) or 3 (RGB) channels");
            if (Workers < 0) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "workers cannot be negative");
        }
    }
}
