using System;

namespace NetDsl.Runtime.Data.Augmentations
{
    /// <summary>
    /// Pads each side with <see cref="Padding"/> zeros and crops back to the original size at a random offset: the
    /// usual CIFAR shift augmentation. The shape never changes. A mask's padding is void (255, no class: left out of
    /// the loss and the metrics), as torchvision's segmentation reference pads its targets: the padded pixels show
    /// nothing, so labelling them background (class 0) would teach the network that a black border is background.
    /// </summary>
    public sealed class RandomCrop(int padding) : ISampleTransform
    {
        /// <summary>Zero padding on each side before cropping.</summary>
        public int Padding { get; } = padding >= 0 ? padding : throw new ArgumentOutOfRangeException(nameof(padding), padding, "padding cannot be negative");

        /// <summary>A random crop of the sample padded with zeros (void in the mask), at its own size.</summary>
        public Sample Apply(Sample sample, Random random)
        {
            // Offsets of the crop's top-left corner relative to the unpadded image, in -Padding..Padding.
            int dy = random.Next(2 * Padding + 1) - Padding, dx = random.Next(2 * Padding + 1) - Padding;
            if (dy == 0 && dx == 0) return sample;
            int h = sample.Height, w = sample.Width;
            var pixels = new float[sample.Pixels.Length];
            for (int c = 0; c < sample.Channels; c++)
                Shift(sample.Pixels, pixels, c * h * w, h, w, dy, dx);
            byte[]? mask = null;
            if (sample.Mask != null)
            {
                mask = new byte[sample.Mask.Length];
                Array.Fill(mask, (byte)Training.SegmentationTask.Void);
                Shift(sample.Mask, mask, 0, h, w, dy, dx);
            }
            return sample with { Pixels = pixels, Mask = mask };
        }

        /// <summary>output[y, x] = input[y + dy, x + dx] where that lies inside; elsewhere output is left as it was.</summary>
        static void Shift<T>(T[] input, T[] output, int plane, int h, int w, int dy, int dx)
        {
            int x0 = Math.Max(0, -dx), x1 = Math.Min(w, w - dx);
            if (x1 <= x0) return;
            for (int y = Math.Max(0, -dy); y < Math.Min(h, h - dy); y++)
                Array.Copy(input, plane + (y + dy) * w + x0 + dx, output, plane + y * w + x0, x1 - x0);
        }

        /// <inheritdoc/>
        public override string ToString() => $"random crop (padding {Padding})";
    }
}
