using System;
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

            var y0 = y.floor();
            var x0 = x.floor();
            var ly = y - y0;
            var lx = x - x0;
            var hy = 1 - ly;
            var hx = 1 - lx;
            var y1 = y0 + 1;
            var x1 = x0 + 1;

            // Row/column validity (float 0/1) and clamped integer coordinates for the four neighbours.
            var vy0 = Inside(y0, h);
            var vy1 = Inside(y1, h);
            var vx0 = Inside(x0, w);
            var vx1 = Inside(x1, w);
            var iy0 = y0.clamp(0, h - 1).to(ScalarType.Int64);
            var iy1 = y1.clamp(0, h - 1).to(ScalarType.Int64);
            var ix0 = x0.clamp(0, w - 1).to(ScalarType.Int64);
            var ix1 = x1.clamp(0, w - 1).to(ScalarType.Int64);

            // Corners in torchvision's order: (y0, x0), (y0, x1), (y1, x0), (y1, x1), stacked on dim 2: [N, G, 4, P].
            // (The final clamp only matters for NaN coordinates, whose integer conversion is arbitrary: they read
            // some pixel with a NaN weight, so the output is NaN instead of an out-of-range gather.)
            var index = stack(new[] { iy0 * w + ix0, iy0 * w + ix1, iy1 * w + ix0, iy1 * w + ix1 }, 2).clamp_(0, h * w - 1);
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
            var grid = stack(new[] { x.mul(2.0 / (w - 1)).sub(1), y.mul(2.0 / (h - 1)).sub(1) }, -1).view(n * g, 1, p, 2).to(image.dtype);
            var sampled = nn.functional.grid_sample(image.reshape(n * g, cg, h, w), grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: true)
                .view(n, g, cg, p);
            return scale is null ? sampled : sampled * scale.unsqueeze(2);
        }

        /// <summary>1 where 0 ≤ coordinate ≤ size − 1, else 0, in the coordinate's dtype.</summary>
        static Tensor Inside(Tensor coordinate, long size) =>
            coordinate.ge(0).logical_and(coordinate.le(size - 1)).to(coordinate.dtype);
    }
}
