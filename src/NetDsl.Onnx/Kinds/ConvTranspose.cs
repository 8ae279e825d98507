using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[ConvTranspose] → ConvTranspose(x, weight, bias?) with PyTorch's output padding.</summary>
        static void Map(OnnxBuilder b, GraphNode n, ConvTransposeArgs a) =>
            b.Node("ConvTranspose", a.Bias ? new[] { b.In(n), b.Param(n, "weight"), b.Param(n, "bias") } : new[] { b.In(n), b.Param(n, "weight") }, b.Out(n),
                Ints("kernel_shape", Pair(a.Kernel)), Ints("strides", Pair(a.Stride)), Ints("pads", Pads(a.Padding)),
                Ints("output_padding", Pair(a.OutputPadding)), Ints("dilations", Pair(a.Dilation)), Int("group", a.Groups));
    }
}
