using System;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Ronneberger et al.'s overlap-tile input for networks with valid (unpadded) convolutions, whose output is a
    /// centred part of their input (the original U-Net: 572 → 388): the image is extended on every side by its own
    /// mirror image, so the network's output covers the whole image and every pixel of a mask is predicted.
    /// </summary>
    public static class OverlapTile
    {
        /// <summary>
        /// <paramref name="images"/> <c>[..., H, W]</c> extended by <paramref name="rows"/> mirrored rows above and below and
        /// <paramref name="columns"/> mirrored columns left and right (edge pixels not repeated, as PyTorch's reflect
        /// padding); margins wider than the image keep reflecting, so any margin works.
        /// </summary>
        public static Tensor Mirror(Tensor images, long rows, long columns)
        {
            if (images.dim() < 2) throw new ArgumentException($"mirroring needs [..., H, W]; got [{string.Join(", ", images.shape)}]", nameof(images));
            if (rows < 0 || columns < 0) throw new ArgumentOutOfRangeException(rows < 0 ? nameof(rows) : nameof(columns), "margins are at least 0");
            using var rowIndex = tensor(Indices(images.shape[^2], rows), device: images.device);
            using var columnIndex = tensor(Indices(images.shape[^1], columns), device: images.device);
            using var tall = images.index_select(images.dim() - 2, rowIndex);
            return tall.index_select(images.dim() - 1, columnIndex);
        }

        /// <summary>Whether a side of <paramref name="output"/> pixels is a centred part of one of <paramref name="input"/>: no larger, an even difference.</summary>
        public static bool IsCentredPart(long input, long output) => output <= input && (input - output) % 2 == 0;

        /// <summary>The margins that take an output of <paramref name="output"/> pixels to an input of <paramref name="input"/> (half the difference a side).</summary>
        public static long Margin(long input, long output)
        {
            if (!IsCentredPart(input, output))
                throw new ArgumentException($"an output of {output} is not a centred part of an input of {input}: the difference must be even and at least 0");
            return (input - output) / 2;
        }

        /// <summary>Source index of each position of a side of <paramref name="size"/> extended by <paramref name="margin"/> each way.</summary>
        static long[] Indices(long size, long margin)
        {
            var indices = new long[size + 2 * margin];
            long period = 2 * (size - 1);
            for (long i = 0; i < indices.Length; i++)
            {
                if (period == 0) continue;  // a side of one pixel mirrors to itself
                long j = ((i - margin) % period + period) % period;
                indices[i] = j < size ? j : period - j;
            }
            return indices;
        }
    }
}
