using System;

namespace NetDsl.Runtime.Data
{
    /// <summary>Grayscale ↔ RGB for samples whose source has the other channel count.</summary>
    internal static class ChannelConversion
    {
        /// <summary>
        /// <paramref name="sample"/> with <paramref name="channels"/> channels: gray is replicated to RGB, RGB
        /// becomes luma (ITU-R 601 weights, as stb_image and PIL use). Other counts are an error naming the source.
        /// </summary>
        public static Sample To(Sample sample, int channels)
        {
            if (sample.Channels == channels) return sample;
            int plane = sample.Plane;
            if (sample.Channels == 1 && channels == 3)
            {
                var rgb = new float[3 * plane];
                for (int c = 0; c < 3; c++) Array.Copy(sample.Pixels, 0, rgb, c * plane, plane);
                return sample with { Pixels = rgb, Channels = 3 };
            }
            if (sample.Channels == 3 && channels == 1)
            {
                var gray = new float[plane];
                float[] p = sample.Pixels;
                for (int i = 0; i < plane; i++) gray[i] = 0.299f * p[i] + 0.587f * p[plane + i] + 0.114f * p[2 * plane + i];
                return sample with { Pixels = gray, Channels = 1 };
            }
            throw new ArgumentException(
                $"{sample.Source}: has {sample.Channels} channels and the model wants {channels}; images convert only between 1 (grayscale) and 3 (RGB)");
        }
    }
}
