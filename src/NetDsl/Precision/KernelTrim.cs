using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// A 2-d convolution's kernel cut to the taps that reach the input. On small maps a kernel's outer taps read only
    /// zero padding at every output position: a 3x3 with padding 1 on a 1x1 map (ResNet's last stage and DenseNet's last
    /// block trained at 32x32) uses its centre tap alone, a strided 3x3 from 2x2 to 1x1 its lower-right 2x2. Those taps
    /// add zeros to the output and get zero gradient, yet oneDNN computes and lays out all of them (ResNet-18's
    /// 512→512 3x3 at 1x1, batch 32: 9x the multiply-adds, and 2.4M weights reordered three times a step). The
    /// convolution with the weight narrowed to the live taps and the padding reduced to match computes the same
    /// output (a 3x3 at 1x1 runs as a 1x1), and the narrowed weight's gradient lands in the live taps, zero elsewhere,
    /// as before. Where the narrowed window would not give the same output positions (an asymmetric reach the
    /// symmetric padding cannot express), that axis keeps its full kernel.
    /// </summary>
    internal readonly record struct KernelTrim(KernelTrim.Axis Height, KernelTrim.Axis Width)
    {
        /// <summary>One axis: the first live tap, the live taps' count, the padding that keeps the positions, the output size.</summary>
        internal readonly record struct Axis(long First, long Taps, long Padding, long Output, long OutputBefore);

        /// <summary>Tests and benchmarks turn trimming off on their thread to compare with the full kernels.</summary>
        [System.ThreadStatic] internal static bool Disabled;

        /// <summary>The trim of a convolution of <paramref name="input"/> (N, C, H, W) with kernel <paramref name="kernel"/>, or null when every tap reaches the input.</summary>
        internal static KernelTrim? For(long[] input, long[] kernel, long[]? stride, long[]? padding, long[]? dilation)
        {
            if (Disabled || input.Length != 4 || kernel.Length != 4) return null;
            var window = ConvWindow.Of(stride, padding, dilation);
            var height = Live(input[2], kernel[2], window.Stride.H, window.Padding.H, window.Dilation.H);
            var width = Live(input[3], kernel[3], window.Stride.W, window.Padding.W, window.Dilation.W);
            bool trims(Axis a, long k) => a.Taps < k;
            return trims(height, kernel[2]) || trims(width, kernel[3]) ? new KernelTrim(height, width) : null;
        }

        /// <summary>The padding (height, width) for the narrowed kernel.</summary>
        internal long[] Padding => new[] { Height.Padding, Width.Padding };

        /// <summary><paramref name="weight"/> (O, C/groups, kh, kw) narrowed to the live taps: a view, its gradient flowing to them.</summary>
        internal Tensor Weight(Tensor weight) => weight.narrow(2, Height.First, Height.Taps).narrow(3, Width.First, Width.Taps);

        /// <summary>The narrowed convolution's output cut to the original output positions (a view where it had more).</summary>
        internal Tensor Output(Tensor y) =>
            Height.Output == Height.OutputBefore && Width.Output == Width.OutputBefore
                ? y : y.narrow(2, 0, Height.OutputBefore).narrow(3, 0, Width.OutputBefore);

        // The live taps along one axis: tap i reads o*s - p + i*d at output o, live when some o in [0, out) reads inside
        // [0, size). Taps between the first and last live one are kept (a contiguous window).
        static Axis Live(long size, long kernel, long stride, long padding, long dilation)
        {
            long output = ConvWindow.OutputSize(size, kernel, stride, padding, dilation);
            var full = new Axis(0, kernel, padding, output, output);
            if (output <= 0 || kernel <= 1 || padding <= 0) return full;
            long first = -1, last = -1;
            for (long i = 0; i < kernel; i++)
            {
                long lowest = padding - i * dilation; // o*s must lie in [lowest, lowest + size - 1]
                long o = System.Math.Max(0, CeilDiv(lowest, stride));
                if (o <= output - 1 && o * stride <= lowest + size - 1)
                {
                    if (first < 0) first = i;
                    last = i;
                }
            }
            if (first < 0 || (first == 0 && last == kernel - 1)) return full;
            long taps = last - first + 1, trimmedPadding = padding - first * dilation;
            if (trimmedPadding < 0) return full;
            long trimmedOutput = ConvWindow.OutputSize(size, taps, stride, trimmedPadding, dilation);
            return trimmedOutput < output ? full : new Axis(first, taps, trimmedPadding, trimmedOutput, output);
        }

        static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);
    }
}
