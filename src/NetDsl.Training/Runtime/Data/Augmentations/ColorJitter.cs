using System;

namespace NetDsl.Runtime.Data.Augmentations
{
    /// <summary>
    /// Random brightness, contrast and saturation, each a factor drawn from [1 - v, 1 + v] (v = 0 leaves it
    /// alone), applied in that order to pixels in [0, 1] and clamped there, as torchvision's ColorJitter
    /// does (without hue, and in a fixed order). Saturation needs RGB; on grayscale it is skipped.
    /// </summary>
    public sealed class ColorJitter(float brightness, float contrast, float saturation) : ISampleTransform
    {
        /// <summary>Brightness strength: factors in [1 − b, 1 + b].</summary>
        public float Brightness { get; } = Check(brightness, nameof(brightness));
        /// <summary>Contrast strength: factors in [1 − c, 1 + c].</summary>
        public float Contrast { get; } = Check(contrast, nameof(contrast));
        /// <summary>Saturation strength: factors in [1 − s, 1 + s].</summary>
        public float Saturation { get; } = Check(saturation, nameof(saturation));

        /// <summary>The sample with brightness, contrast and saturation scaled by random factors within the strengths.</summary>
        public Sample Apply(Sample sample, Random random)
        {
            // Draw all three factors every time, so the number of draws is fixed.
            float b = Factor(random, Brightness), c = Factor(random, Contrast), s = Factor(random, Saturation);
            var p = (float[])sample.Pixels.Clone();
            int plane = sample.Plane;
            for (int i = 0; i < p.Length; i++) p[i] = Math.Clamp(p[i] * b, 0f, 1f);
            if (c != 1f)
            {
                float mean = MeanGray(p, sample.Channels, plane);
                for (int i = 0; i < p.Length; i++) p[i] = Math.Clamp(mean + (p[i] - mean) * c, 0f, 1f);
            }
            if (s != 1f && sample.Channels == 3)
                for (int i = 0; i < plane; i++)
                {
                    float gray = Gray(p, plane, i);
                    for (int ch = 0; ch < 3; ch++)
                        p[ch * plane + i] = Math.Clamp(gray + (p[ch * plane + i] - gray) * s, 0f, 1f);
                }
            return sample with { Pixels = p };
        }

        static float Factor(Random random, float range) => (float)(Math.Max(0, 1 - range) + random.NextDouble() * (1 + range - Math.Max(0, 1 - range)));

        static float Gray(float[] p, int plane, int i) => 0.299f * p[i] + 0.587f * p[plane + i] + 0.114f * p[2 * plane + i];

        static float MeanGray(float[] p, int channels, int plane)
        {
            double sum = 0;
            for (int i = 0; i < plane; i++) sum += channels == 3 ? Gray(p, plane, i) : p[i];
            return (float)(sum / plane);
        }

        static float Check(float value, string name) =>
            value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "a jitter strength cannot be negative");

        /// <inheritdoc/>
        public override string ToString() => $"colour jitter (brightness {Brightness}, contrast {Contrast}, saturation {Saturation})";
    }
}
