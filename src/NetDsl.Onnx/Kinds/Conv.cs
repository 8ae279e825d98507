using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>Circular padding is Pad's "wrap" mode, which arrived in opset 19; the other modes need 14.</summary>
        static int Opset(ConvArgs a) => a.PaddingMode == PaddingMode.Circular ? 19 : OnnxExportOptions.MinOpset;

        /// <summary>
        /// [Conv] → Conv(x, weight, bias?); with a padding mode other than zeros, Pad(x, pads, mode) (reflect, edge or
        /// wrap) first and a Conv with no padding of its own, as PyTorch's Conv2d does. On a CxL map the attributes are the
        /// length's only (PyTorch's Conv1d: kernel_shape [k], pads [p, p]).
        /// </summary>
        static void Map(OnnxBuilder b, GraphNode n, ConvArgs a)
        {
            string x = b.In(n);
            bool oneD = OneD(n);
            if (a.PaddingMode != PaddingMode.Zeros && (a.Padding != 0 || a.PaddingWidth != 0))
            {
                string mode = a.PaddingMode switch { PaddingMode.Reflect => "reflect", PaddingMode.Replicate => "edge", _ => "wrap" };
                // Pad's pads are [x1_begin, x2_begin, …, x1_end, x2_end, …] over N, C, H, W (N, C, L).
                string pads = oneD ? b.Longs(Temp(n, "pads"), 0, 0, a.Padding, 0, 0, a.Padding)
                    : b.Longs(Temp(n, "pads"), 0, 0, a.Padding, a.PaddingWidth, 0, 0, a.Padding, a.PaddingWidth);
                x = b.Node("Pad", new[] { x, pads }, Temp(n, "padded"), String("mode", mode));
                a = a with { Padding = 0, PaddingW = 0 };
            }
            b.Node("Conv", a.Bias ? new[] { x, b.Param(n, "weight"), b.Param(n, "bias") } : new[] { x, b.Param(n, "weight") }, b.Out(n),
                oneD ? ConvAttributes1d(a) : ConvAttributes(a));
        }

        /// <summary>A Conv1d's attributes: the length's kernel, stride, pads (begin, end) and dilation.</summary>
        static global::Onnx.AttributeProto[] ConvAttributes1d(ConvArgs a) => new[]
        {
            Ints("kernel_shape", a.Kernel), Ints("strides", a.Stride), Ints("pads", a.Padding, a.Padding), Ints("dilations", a.Dilation), Int("group", a.Groups),
        };

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
