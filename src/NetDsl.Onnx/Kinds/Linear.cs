using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[Linear] → Gemm(x, weight, bias?) with the weight transposed (PyTorch stores it [out, in]).</summary>
        static void Map(OnnxBuilder b, GraphNode n, LinearArgs a) =>
            b.Node("Gemm", a.Bias ? new[] { b.In(n), b.Param(n, "weight"), b.Param(n, "bias") } : new[] { b.In(n), b.Param(n, "weight") }, b.Out(n),
                Int("transB", 1));
    }
}
