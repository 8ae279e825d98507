using System;

namespace NetDsl.Runtime.Data.Augmentations
{
    /// <summary>
    /// Resizes to <see cref="Height"/>x<see cref="Width"/>: bilinear for pixels (half-pixel centres, as torch's interpolate
    /// with align_corners=false; shrinking averages what each output pixel covers, as torchvision's Resize of an image and
    /// torch's antialias=True do), nearest for masks so class indices stay whole.
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
            // Separable: rows first into a Height x w buffer, then columns.
            var rows = CachedFilter(h, Height);
            var columns = CachedFilter(w, Width);
            var output = new float[channels * Height * Width];
            var buffer = new float[Height * w];
            for (int c = 0; c < channels; c++)
            {
                int inPlane = c * h * w, outPlane = c * Height * Width;
                for (int y = 0; y < Height; y++)
                {
                    var (first, weights) = rows[y];
                    for (int x = 0; x < w; x++)
                    {
                        float sum = 0;
                        for (int k = 0; k < weights.Length; k++) sum += source[inPlane + (first + k) * w + x] * weights[k];
                        buffer[y * w + x] = sum;
                    }
                }
                for (int y = 0; y < Height; y++)
                    for (int x = 0; x < Width; x++)
                    {
                        var (first, weights) = columns[x];
                        float sum = 0;
                        for (int k = 0; k < weights.Length; k++) sum += buffer[y * w + first + k] * weights[k];
                        output[outPlane + y * Width + x] = sum;
                    }
            }
            return output;
        }

        /// <summary>
        /// For each output position along one axis, the first source position it reads and the weights of it and those after.
        /// Enlarging: two taps at half-pixel centres (torch's bilinear, align_corners=false). Shrinking by a factor s: the
        /// triangle filter stretched to s source pixels a side and normalised, as PIL's bilinear resize (torchvision's Resize
        /// on images) and torch's interpolate with antialias=True do, so a large photo is averaged, not sampled (aliased).
        /// </summary>
        // One filter per (source, target) length, shared by the loader's workers: a data set's images mostly share a few sizes.
        static readonly System.Collections.Concurrent.ConcurrentDictionary<(int From, int To), (int First, float[] Weights)[]> Filters = new();

        // A folder of photos of many sizes would keep one filter per size for the process's life: past this many the cache starts
        // over (a filter costs microseconds to rebuild; the common case, a few sizes, never reaches it).
        const int MaxCachedFilters = 1024;

        static (int First, float[] Weights)[] CachedFilter(int from, int to)
        {
            if (Filters.TryGetValue((from, to), out var cached)) return cached;
            if (Filters.Count >= MaxCachedFilters) Filters.Clear();
            return Filters.GetOrAdd((from, to), key => Filter(key.From, key.To));
        }

        static (int First, float[] Weights)[] Filter(int from, int to)
        {
            var taps = new (int, float[])[to];
            double scale = (double)from / to;
            for (int i = 0; i < to; i++)
            {
                if (scale <= 1)
                {
                    double at = Math.Max(0, (i + 0.5) * scale - 0.5);
                    int low = Math.Min((int)at, from - 1), high = Math.Min(low + 1, from - 1);
                    float weight = (float)(at - low);
                    taps[i] = high == low ? (low, new[] { 1f }) : (low, new[] { 1 - weight, weight });
                    continue;
                }
                double centre = (i + 0.5) * scale;
                int start = Math.Max((int)(centre - scale + 0.5), 0), end = Math.Min((int)(centre + scale + 0.5), from);
                var weights = new double[end - start];
                double total = 0;
                for (int x = start; x < end; x++)
                    total += weights[x - start] = Math.Max(0, 1 - Math.Abs((x - centre + 0.5) / scale));
                taps[i] = (start, Array.ConvertAll(weights, v => (float)(v / total)));
            }
            return taps;
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
