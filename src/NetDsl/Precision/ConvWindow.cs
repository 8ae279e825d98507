using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// A 2-d convolution's window along height and width, from the nulls, single values or pairs PyTorch takes for
    /// stride, padding and dilation; output sizes by the shape checker's formula (<see cref="Sizes.ConvSize"/>).
    /// </summary>
    internal readonly record struct ConvWindow((long H, long W) Stride, (long H, long W) Padding, (long H, long W) Dilation)
    {
        public static ConvWindow Of(long[]? stride, long[]? padding, long[]? dilation) => new(Pair(stride, 1), Pair(padding, 0), Pair(dilation, 1));

        static (long, long) Pair(long[]? values, long fallback) =>
            values == null || values.Length == 0 ? (fallback, fallback) : (values[0], values[^1]);

        public static long[] Array((long H, long W) pair) => new[] { pair.H, pair.W };

        public bool Strided => Stride != (1, 1);

        /// <summary>Output size along one axis (0 where the kernel does not fit).</summary>
        public static long OutputSize(long size, long kernel, long stride, long padding, long dilation) =>
            Sizes.ConvSize((int)size, (int)kernel, (int)stride, (int)padding, (int)dilation, ceilMode: false);

        /// <summary>Output positions per image of <paramref name="x"/> convolved with <paramref name="w"/>.</summary>
        public long Positions(Tensor x, Tensor w) =>
            OutputSize(x.shape[2], w.shape[2], Stride.H, Padding.H, Dilation.H) * OutputSize(x.shape[3], w.shape[3], Stride.W, Padding.W, Dilation.W);
    }
}
