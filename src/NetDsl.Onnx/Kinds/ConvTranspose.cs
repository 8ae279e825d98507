using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[ConvTranspose] → ConvTranspose(x, weight, bias?) with PyTorch's output padding (one axis on a CxL map).</summary>
        static void Map(OnnxBuilder b, GraphNode n, ConvTransposeArgs a)
        {
            bool oneD = OneD(n);
            b.Node("ConvTranspose", a.Bias ? new[] { b.In(n), b.Param(n, "weight"), b.Param(n, "bias") } : new[] { b.In(n), b.Param(n, "weight") }, b.Out(n),
                Ints("kernel_shape", Pair(a.Kernel, oneD)), Ints("strides", Pair(a.Stride, oneD)), Ints("pads", Pads(a.Padding, oneD)),
                Ints("output_padding", Pair(a.OutputPadding, oneD)), Ints("dilations", Pair(a.Dilation, oneD)), Int("group", a.Groups));
        }
    }
}
