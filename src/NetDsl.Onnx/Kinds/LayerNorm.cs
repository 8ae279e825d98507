using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[LayerNorm] → LayerNormalization over the last axis (opset 17).</summary>
        static void Map(OnnxBuilder b, GraphNode n, LayerNormArgs a) =>
            b.Node("LayerNormalization", new[] { b.In(n), b.Param(n, "weight"), b.Param(n, "bias") }, b.Out(n), Int("axis", -1), Float("epsilon", a.Eps));

        static int Opset(LayerNormArgs a) => 17;
    }
}
