using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[LocalResponseNorm] → LRN (same formula: x / (k + α/size · Σx²)^β).</summary>
        static void Map(OnnxBuilder b, GraphNode n, LocalResponseNormArgs a) =>
            b.Node("LRN", new[] { b.In(n) }, b.Out(n), Int("size", a.Size), Float("alpha", a.Alpha), Float("beta", a.Beta), Float("bias", a.K));
    }
}
