using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[Linear] → Gemm(x, weight, bias?) with the weight transposed (PyTorch stores it [out, in]).</summary>
        /// <remarks>With LastDim (a channels-last map) → MatMul by the transposed weight, then Add the bias.</remarks>
        static void Map(OnnxBuilder b, GraphNode n, LinearArgs a)
        {
            if (a.LastDim)
            {
                var weightT = b.Node("Transpose", new[] { b.Param(n, "weight") }, Temp(n, "weight_t"), Ints("perm", 1, 0));
                if (!a.Bias) { b.Node("MatMul", new[] { b.In(n), weightT }, b.Out(n)); return; }
                var product = b.Node("MatMul", new[] { b.In(n), weightT }, Temp(n, "matmul"));
                b.Node("Add", new[] { product, b.Param(n, "bias") }, b.Out(n));
                return;
            }
            b.Node("Gemm", a.Bias ? new[] { b.In(n), b.Param(n, "weight"), b.Param(n, "bias") } : new[] { b.In(n), b.Param(n, "weight") }, b.Out(n),
                Int("transB", 1));
        }
    }
}
