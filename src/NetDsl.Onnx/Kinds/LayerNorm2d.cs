using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[LayerNorm2d] → Transpose to channels last, LayerNormalization over them (opset 17), Transpose back.</summary>
        static void Map(OnnxBuilder b, GraphNode n, LayerNorm2dArgs a)
        {
            var last = b.Node("Transpose", new[] { b.In(n) }, Temp(n, "channels_last"), Ints("perm", 0, 2, 3, 1));
            var normed = b.Node("LayerNormalization", new[] { last, b.Param(n, "weight"), b.Param(n, "bias") }, Temp(n, "normed"),
                Int("axis", -1), Float("epsilon", a.Eps));
            b.Node("Transpose", new[] { normed }, b.Out(n), Ints("perm", 0, 3, 1, 2));
        }

        static int Opset(LayerNorm2dArgs a) => 17;
    }
}
