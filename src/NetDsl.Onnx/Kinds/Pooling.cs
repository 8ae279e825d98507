using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[MaxPool] → MaxPool (PyTorch's floor or ceil output size).</summary>
        static void Map(OnnxBuilder b, GraphNode n, MaxPoolArgs a) =>
            b.Node("MaxPool", new[] { b.In(n) }, b.Out(n), PoolAttributes(a));

        /// <summary>[AvgPool] → AveragePool counting the zero padding, as PyTorch's default does.</summary>
        static void Map(OnnxBuilder b, GraphNode n, AvgPoolArgs a) =>
            b.Node("AveragePool", new[] { b.In(n) }, b.Out(n), Append(PoolAttributes(a), Int("count_include_pad", 1)));

        /// <summary>[GlobalAvgPool] → GlobalAveragePool ([N, C, 1, 1], as the runtime keeps it).</summary>
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
