using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[Conv] → Conv(x, weight, bias?).</summary>
        static void Map(OnnxBuilder b, GraphNode n, ConvArgs a) =>
            b.Node("Conv", a.Bias ? new[] { b.In(n), b.Param(n, "weight"), b.Param(n, "bias") } : new[] { b.In(n), b.Param(n, "weight") }, b.Out(n),
                ConvAttributes(a));

        static Google.Protobuf.Collections.RepeatedField<global::Onnx.AttributeProto> Unused => null!;

        static global::Onnx.AttributeProto[] ConvAttributes(ConvArgs a) => new[]
        {
            // Height then width; pads are [top, left, bottom, right] (a 1x7 window is kernel_shape [1, 7], pads [0, 3, 0, 3]).
            Ints("kernel_shape", a.Kernel, a.KernelWidth), Ints("strides", a.Stride, a.StrideWidth),
            Ints("pads", a.Padding, a.PaddingWidth, a.Padding, a.PaddingWidth),
            Ints("dilations", a.Dilation, a.DilationWidth), Int("group", a.Groups),
        };
    }
}
