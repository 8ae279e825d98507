using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Channels-last (NHWC) storage for NCHW tensors. TorchSharp 0.107 exposes no memory-format argument, but a
    /// permute to NHWC, a contiguous copy and the inverse permute give an NCHW view with channels-last strides, which
    /// libtorch's CPU convolution (oneDNN) recognises and keeps: its output, and the element-wise ops, pools and
    /// adds after it, stay channels-last, so no layout reorder runs between layers.
    /// </summary>
    public static class MemoryLayout
    {
        /// <summary>A 4-D tensor in channels-last storage (same shape and values); any other rank is returned as is.</summary>
        public static Tensor ChannelsLast(Tensor x)
        {
            if (x.dim() != 4 || IsChannelsLast(x)) return x;
            return x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        }

        /// <summary>
        /// Whether channels-last storage is used on <paramref name="device"/>: everywhere but on a CPU whose convolution
        /// kernels failed <see cref="ConvKernelCheck"/>, where channels-last convolutions went wrong inside whole networks
        /// (<see cref="SafeConvolution"/>); there a channels-last request runs NCHW.
        /// </summary>
        public static bool UsableOn(TorchSharp.DeviceType device) => device != TorchSharp.DeviceType.CPU || !SafeConvolution.Active;

        /// <summary>True when <paramref name="x"/> is 4-D with channels-last strides (C the innermost dimension).</summary>
        public static bool IsChannelsLast(Tensor x)
        {
            if (x.dim() != 4) return false;
            var s = x.stride();
            long n = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
            return (c == 1 || s[1] == 1) && (w == 1 || s[3] == c) && (h == 1 || s[2] == c * w) && (n == 1 || s[0] == c * h * w);
        }
    }
}
