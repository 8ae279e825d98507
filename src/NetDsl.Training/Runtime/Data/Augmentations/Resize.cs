using System;

namespace NetDsl.Runtime.Data.Augmentations
{
    /// <summary>
    /// Resizes to <see cref="Height"/>x<see cref="Width"/>: bilinear for pixels (half-pixel centres, as
    /// torch's interpolate with align_corners=false), nearest for masks so class indices stay whole.
    /// </summary>
    public sealed class Resize(int height, int width) : ISampleTransform
    {
        /// <summary>The output height.</summary>
        public int Height { get; } = height > 0 ? height : throw new ArgumentOutOfRangeException(nameof(height));
        /// <summary>The output width.</summary>
        public int Width { get; } = width > 0 ? width : throw new ArgumentOutOfRangeException(nameof(width));

        /// <summary>The sample resized bilinearly (masks by nearest neighbour).</summary>
        public Sample Apply(Sample sample, Random random)
        {
            if (sample.Height == Height && sample.Width == Width) return sample;
            return sample with
            {
                Pixels = Bilinear(sample.Pixels, sample.Channels, sample.Height, sample.Width),
                Mask = sample.Mask == null ? null : Nearest(sample.Mask, sample.Height, sample.Width),
                Height = Height,
                Width = Width,
            };
        }

        float[] Bilinear(float[] source, int channels, int h, int w)
        {
            var output = new float[channels * Height * Width];
            var (x0, x1, wx) = Taps(w, Width);
            var (y0, y1, wy) = Taps(h, Height);
            for (int c = 0; c < channels; c++)
            {
                int inPlane = c * h * w, outPlane = c * Height * Width;
                for (int y = 0; y < Height; y++)
                {
                    int row0 = inPlane + y0[y] * w, row1 = inPlane + y1[y] * w;
                    float fy = wy[y];
                    for (int x = 0; x < Width; x++)
                    {
                        float top = source[row0 + x0[x]] + (source[row0 + x1[x]] - source[row0 + x0[x]]) * wx[x];
                        float bottom = source[row1 + x0[x]] + (source[row1 + x1[x]] - source[row1 + x0[x]]) * wx[x];
                        output[outPlane + y * Width + x] = top + (bottom - top) * fy;
                    }
                }
            }
            return output;
        }

        /// <summary>For each output position, the two source positions and the second one's weight.</summary>
        static (int[] Low, int[] High, float[] Weight) Taps(int from, int to)
        {
            var low = new int[to];
            var high = new int[to];
            var weight = new float[to];
            double scale = (double)from / to;
            for (int i = 0; i < to; i++)
            {
                double at = Math.Max(0, (i + 0.5) * scale - 0.5);
                low[i] = Math.Min((int)at, from - 1);
                high[i] = Math.Min(low[i] + 1, from - 1);
                weight[i] = (float)(at - low[i]);
            }
            return (low, high, weight);
        }

        byte[] Nearest(byte[] mask, int h, int w)
        {
            var output = new byte[Height * Width];
            for (int y = 0; y < Height; y++)
            {
                int sy = Math.Min((int)((long)y * h / Height), h - 1);
                for (int x = 0; x < Width; x++)
                    output[y * Width + x] = mask[sy * w + Math.Min((int)((long)x * w / Width), w - 1)];
            }
            return output;
        }

        /// <inheritdoc/>
        public override string ToString() => $"resize {Height}x{Width}";
    }
}
