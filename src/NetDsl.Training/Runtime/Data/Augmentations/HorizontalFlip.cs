using System;

namespace NetDsl.Runtime.Data.Augmentations
{
    /// <summary>Mirrors left-right with probability <see cref="Probability"/>, the mask with its image.</summary>
    public sealed class HorizontalFlip(double probability = 0.5) : ISampleTransform
    {
        /// <summary>The chance of a flip.</summary>
        public double Probability { get; } = probability is >= 0 and <= 1
            ? probability : throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability lies in 0..1");

        /// <summary>The sample mirrored left-right with the probability, else as it was.</summary>
        public Sample Apply(Sample sample, Random random)
        {
            // Always draw, so a sample's later draws do not depend on whether it flipped.
            if (random.NextDouble() >= Probability) return sample;
            var pixels = (float[])sample.Pixels.Clone();
            for (int row = 0; row < sample.Channels * sample.Height; row++)
                Array.Reverse(pixels, row * sample.Width, sample.Width);
            byte[]? mask = null;
            if (sample.Mask != null)
            {
                mask = (byte[])sample.Mask.Clone();
                for (int row = 0; row < sample.Height; row++) Array.Reverse(mask, row * sample.Width, sample.Width);
            }
            return sample with { Pixels = pixels, Mask = mask };
        }

        /// <inheritdoc/>
        public override string ToString() => $"horizontal flip (p {Probability})";
    }
}
