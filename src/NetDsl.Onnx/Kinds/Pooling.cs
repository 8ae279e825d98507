using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[MaxPool] → MaxPool (PyTorch's floor or ceil output size; one axis on a CxL map).</summary>
        static void Map(OnnxBuilder b, GraphNode n, MaxPoolArgs a) =>
            b.Node("MaxPool", new[] { b.In(n) }, b.Out(n), OneD(n) ? PoolAttributes1d(a) : PoolAttributes(a));

        /// <summary>[AvgPool] → AveragePool counting the zero padding, as PyTorch's default does.</summary>
        static void Map(OnnxBuilder b, GraphNode n, AvgPoolArgs a) =>
            b.Node("AveragePool", new[] { b.In(n) }, b.Out(n), Append(OneD(n) ? PoolAttributes1d(a) : PoolAttributes(a), Int("count_include_pad", 1)));

        /// <summary>A 1-D pool's attributes: the length's kernel, stride and pads (begin, end).</summary>
        static global::Onnx.AttributeProto[] PoolAttributes1d(PoolArgs a) => new[]
        {
            Ints("kernel_shape", a.Kernel), Ints("strides", a.StrideOrKernel), Ints("pads", a.Padding, a.Padding), Int("ceil_mode", a.CeilMode ? 1 : 0),
        };

        /// <summary>[GlobalAvgPool] → GlobalAveragePool ([N, C, 1, 1], as the runtime keeps it; [N, C, 1] on a CxL map).</summary>
        static void Map(OnnxBuilder b, GraphNode n, GlobalAvgPoolArgs a) => b.Node("GlobalAveragePool", new[] { b.In(n) }, b.Out(n));

        static global::Onnx.AttributeProto[] PoolAttributes(PoolArgs a) => new[]
        {
            // Height then width; pads are [top, left, bottom, right].
            Ints("kernel_shape", a.Kernel, a.KernelWidth), Ints("strides", a.StrideOrKernel, a.StrideWidth),
            Ints("pads", a.Padding, a.PaddingWidth, a.Padding, a.PaddingWidth), Int("ceil_mode", a.CeilMode ? 1 : 0),
        };

        static T[] Append<T>(T[] items, T item)
        {
            var all = new T[items.Length + 1];
            items.CopyTo(all, 0);
            all[items.Length] = item;
            return all;
        }
    }
}
