namespace NetDsl.Shapes
{
    /// <summary>PyTorch's output-size arithmetic, shared by the kinds and the plans.</summary>
    internal static class Sizes
    {
        /// <summary>PyTorch's output-size formula for convolution and pooling (floor or ceil mode).</summary>
        /// <remarks>A size beyond int32 (a huge padding) throws OverflowException rather than wrapping to a small one; the kinds
        /// check <see cref="ConvSizeLong"/> against <see cref="Messages.TooLarge"/> first.</remarks>
        public static int ConvSize(int size, int kernel, int stride, int padding, int dilation, bool ceilMode) =>
            checked((int)ConvSizeLong(size, kernel, stride, padding, dilation, ceilMode));

        /// <summary><see cref="ConvSize"/> in 64-bit arithmetic, so a size beyond a tensor dimension shows as such.</summary>
        public static long ConvSizeLong(int size, int kernel, int stride, int padding, int dilation, bool ceilMode)
        {
            // PyTorch's pooling_output_shape: div_rtn(size + 2p - d(k - 1) - 1 + (ceil ? s - 1 : 0), s) + 1. A negative numerator
            // (floor division towards minus infinity) leaves no output; in ceil mode the s - 1 added first can lift a window
            // that overhangs the input (2 wide, kernel 3, stride 2: one window), so the test comes after that addition.
            long span = (long)size + 2L * padding - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
            if (span < 0) return 0;
            long outSize = span / stride + 1;
            // PyTorch drops a last ceil-mode window that would start entirely in the padding.
            if (ceilMode && (outSize - 1) * stride >= size + padding) outSize--;
            return outSize;
        }
    }
}
