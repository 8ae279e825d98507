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
            Ints("kernel_shape", Pair(a.Kernel)), Ints("strides", Pair(a.Stride)), Ints("pads", Pads(a.Padding)),
            Ints("dilations", Pair(a.Dilation)), Int("group", a.Groups),
        };
    }
}
