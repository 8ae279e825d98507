using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>Upsampling and centre cropping used by generated forwards.</summary>
    public static class Resampling
    {
        /// <summary>Upsamples by an integer scale or to a size (exactly one is given; the shape rule checked it).</summary>
        public static Tensor Upsample(Tensor x, int? scale, int? height, int? width, Interpolation mode, bool alignCorners)
        {
            var interpolation = mode == Interpolation.Bilinear ? InterpolationMode.Bilinear : InterpolationMode.Nearest;
            // align_corners only means something for the linear modes; PyTorch rejects it otherwise.
            bool? align = mode == Interpolation.Bilinear ? alignCorners : null;
            return scale.HasValue
                ? nn.functional.interpolate(x, scale_factor: new double[] { scale.Value, scale.Value }, mode: interpolation, align_corners: align)
                : nn.functional.interpolate(x, size: new long[] { height!.Value, width!.Value }, mode: interpolation, align_corners: align);
        }

        /// <summary>The centre <paramref name="height"/> x <paramref name="width"/> window of <paramref name="x"/> (U-Net's crop before concat).</summary>
        public static Tensor CenterCrop(Tensor x, long height, long width)
        {
            long top = (x.shape[2] - height) / 2, left = (x.shape[3] - width) / 2;
            if (top == 0 && left == 0 && x.shape[2] == height && x.shape[3] == width) return x;
            return x.narrow(2, top, height).narrow(3, left, width);
        }

        /// <summary>An upsampling layer as a module (when it sits in a Sequential).</summary>
        public sealed class UpsampleModule : nn.Module<Tensor, Tensor>
        {
            readonly int? scale, height, width;
            readonly Interpolation mode;
            readonly bool alignCorners;

            /// <summary>Upsampling by a scale or to a size, with the given interpolation.</summary>
            public UpsampleModule(int? scale, int? height, int? width, Interpolation mode, bool alignCorners) : base("Upsample")
            {
                this.scale = scale;
                this.height = height;
                this.width = width;
                this.mode = mode;
                this.alignCorners = alignCorners;
            }

            /// <inheritdoc/>
            public override Tensor forward(Tensor x) => Upsample(x, scale, height, width, mode, alignCorners);
        }
    }
}
