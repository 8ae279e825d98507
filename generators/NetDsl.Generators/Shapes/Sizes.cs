namespace NetDsl.Shapes
{
    /// <summary>PyTorch's output-size arithmetic, shared by the kinds and the plans.</summary>
    internal static class Sizes
    {
        /// <summary>PyTorch's output-size formula for convolution and pooling (floor or ceil mode).</summary>
        public static int ConvSize(int size, int kernel, int stride, int padding, int dilation, bool ceilMode)
        {
            long span = (long)size + 2L * padding - (long)dilation * (kernel - 1) - 1;
            if (span < 0) return 0;
            long outSize = ceilMode ? (span + stride - 1) / stride + 1 : span / stride + 1;
            // PyTorch drops a last ceil-mode window that would start entirely in the padding.
            if (ceilMode && (outSize - 1) * stride >= size + padding) outSize--;
            return (int)outSize;
        }
    }
}
