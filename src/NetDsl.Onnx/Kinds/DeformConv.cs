using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>ONNX's DeformConv arrived in opset 19.</summary>
        static int Opset(DeformConvArgs a) => 19;

        /// <summary>
        /// [DeformConv] → the offset Conv (offset.weight, offset.bias) on the input, then DeformConv(x, weight, offsets, bias,
        /// mask): for the modulated (v2) layer the offset conv's last k² channels go through a sigmoid as the mask.
        /// </summary>
        static void Map(OnnxBuilder b, GraphNode n, DeformConvArgs a)
        {
            string x = b.In(n);
            string predicted = b.Node("Conv", new[] { x, b.Param(n, "offset.weight"), b.Param(n, "offset.bias") }, Temp(n, "offset"), ConvAttributes(a.Offset));
            string offsets = predicted, mask = "";
            if (a.Modulated)
            {
                long k2 = (long)a.Kernel * a.Kernel;
                offsets = b.Node("Slice", new[] { predicted, b.Longs(Temp(n, "offset/start"), 0), b.Longs(Temp(n, "offset/end"), 2 * k2), b.Longs(Temp(n, "channels"), 1) }, Temp(n, "offsets"));
                var logits = b.Node("Slice", new[] { predicted, b.Longs(Temp(n, "mask/start"), 2 * k2), b.Longs(Temp(n, "mask/end"), 3 * k2), Temp(n, "channels") }, Temp(n, "mask_logits"));
                mask = b.Node("Sigmoid", new[] { logits }, Temp(n, "mask"));
            }
            string bias = a.Bias ? b.Param(n, "bias") : "";
            var inputs = a.Modulated ? new[] { x, b.Param(n, "weight"), offsets, bias, mask } : a.Bias ? new[] { x, b.Param(n, "weight"), offsets, bias } : new[] { x, b.Param(n, "weight"), offsets };
            b.Node("DeformConv", inputs, b.Out(n),
                Ints("kernel_shape", Pair(a.Kernel)), Ints("strides", Pair(a.Stride)), Ints("pads", Pads(a.Padding)),
                Ints("dilations", Pair(a.Dilation)), Int("group", a.Groups), Int("offset_group", 1));
        }
    }
}
