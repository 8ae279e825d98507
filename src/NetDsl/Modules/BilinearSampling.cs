using System;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Vectorised bilinear sampling with zeros outside the image, as deformable convolution needs it: libtorch's
    /// <c>grid_sample</c> kernel (see <see cref="Native"/>), or for a one-pixel-wide image the four neighbours of every
    /// sampling point fetched with one <c>gather</c> and blended with their weights; either way autograd
    /// differentiates with respect to the image, the positions and the weights' extra factor.
    /// </summary>
    public static class BilinearSampling
    {
        /// <summary>
        /// Samples <paramref name="image"/> [N, G, Cg, H, W] at the points (<paramref name="y"/>, <paramref name="x"/>),
        /// both [N, G, P] in pixel units (0 = first row/column centre), giving [N, G, Cg, P]. A neighbour outside
        /// the image counts as zero (torchvision's deformable-convolution rule: a point at or beyond -1 or H, W
        /// reads 0). <paramref name="scale"/>, [N, G, P] when given, multiplies each point's value (the DCN v2 mask).
        /// </summary>
        public static Tensor Sample(Tensor image, Tensor y, Tensor x, Tensor? scale = null)
        {
            if (image.dim() != 5) throw new ArgumentException($"image must be [N, G, Cg, H, W], got [{string.Join(", ", image.shape)}]", nameof(image));
            long n = image.shape[0], g = image.shape[1], cg = image.shape[2], h = image.shape[3], w = image.shape[4];
            long p = y.shape[2];
            using var scope = NewDisposeScope();
            if (h > 1 && w > 1) return Native(image, y, x, scale).MoveToOuterDisposeScope();

            using var held = new ScalarScope();
            var y0 = y.floor();
            var x0 = x.floor();
            var ly = y - y0;
            var lx = x - x0;
            var hy = ly.neg().add_(Scalars.One, Scalars.One);
            var hx = lx.neg().add_(Scalars.One, Scalars.One);
            var y1 = y0.add(Scalars.One, Scalars.One);
            var x1 = x0.add(Scalars.One, Scalars.One);

            // Row/column validity (float 0/1) and clamped integer coordinates for the four neighbours.
            Scalar zero = held[0L], lastRow = held[h - 1], lastColumn = held[w - 1], width = held[w];
            var vy0 = Inside(y0, zero, lastRow);
            var vy1 = Inside(y1, zero, lastRow);
            var vx0 = Inside(x0, zero, lastColumn);
            var vx1 = Inside(x1, zero, lastColumn);
            var iy0 = y0.clamp(zero, lastRow).to(ScalarType.Int64);
            var iy1 = y1.clamp(zero, lastRow).to(ScalarType.Int64);
            var ix0 = x0.clamp(zero, lastColumn).to(ScalarType.Int64);
            var ix1 = x1.clamp(zero, lastColumn).to(ScalarType.Int64);

            // Corners in torchvision's order: (y0, x0), (y0, x1), (y1, x0), (y1, x1), stacked on dim 2: [N, G, 4, P].
            // (The final clamp only matters for NaN coordinates, whose integer conversion is arbitrary: they read
            // some pixel with a NaN weight, so the output is NaN instead of an out-of-range gather.)
            var index = stack(new[] { Flat(iy0, width, ix0), Flat(iy0, width, ix1), Flat(iy1, width, ix0), Flat(iy1, width, ix1) }, 2)
                .clamp_(zero, held[h * w - 1]);
            var weight = stack(new[] { hy * hx * (vy0 * vx0), hy * lx * (vy0 * vx1), ly * hx * (vy1 * vx0), ly * lx * (vy1 * vx1) }, 2);
            if (scale is not null) weight = weight * scale.unsqueeze(2);

            // One gather for all corners and channels: [N, G, Cg, 4P], the index broadcast over channels.
            var flat = image.reshape(n, g, cg, h * w);
            var gathered = flat.gather(3, index.view(n, g, 1, 4 * p).expand(n, g, cg, 4 * p));
            var blended = (gathered.view(n, g, cg, 4, p) * weight.unsqueeze(2)).sum(3);
            return blended.MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The same sampling through libtorch's own <c>grid_sample</c> kernel (bilinear, zeros outside, corners aligned), whose
        /// forward and backward run natively instead of as a dozen element-wise tensors and a gather over a
        /// [N, G, Cg, 4P] copy: pixel (y, x) is the normalised point (2x / (W − 1) − 1, 2y / (H − 1) − 1). Its zero padding is
        /// torchvision's rule (a neighbour outside the image reads 0). Needs H, W ≥ 2 for the normalisation.
        /// </summary>
        static Tensor Native(Tensor image, Tensor y, Tensor x, Tensor? scale)
        {
            long n = image.shape[0], g = image.shape[1], cg = image.shape[2], h = image.shape[3], w = image.shape[4], p = y.shape[2];
            using var held = new ScalarScope();
            var grid = stack(new[] { x.mul(held[2.0 / (w - 1)]).sub(Scalars.One), y.mul(held[2.0 / (h - 1)]).sub(Scalars.One) }, -1)
                .view(n * g, 1, p, 2).to(image.dtype);
            var sampled = nn.functional.grid_sample(image.reshape(n * g, cg, h, w), grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: true)
                .view(n, g, cg, p);
            return scale is null ? sampled : sampled * scale.unsqueeze(2);
        }

        /// <summary>1 where first ≤ coordinate ≤ last, else 0, in the coordinate's dtype.</summary>
        static Tensor Inside(Tensor coordinate, Scalar first, Scalar last) =>
            coordinate.ge(first).logical_and(coordinate.le(last)).to(coordinate.dtype);

        /// <summary>The row-major index row · width + column.</summary>
        static Tensor Flat(Tensor row, Scalar width, Tensor column) => row.mul(width).add_(column, Scalars.One);
    }
}
