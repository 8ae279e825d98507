using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[Permute(d0, d1, d2, d3)] → Transpose with that perm.</summary>
        static void Map(OnnxBuilder b, GraphNode n, PermuteArgs a) =>
            b.Node("Transpose", new[] { b.In(n) }, b.Out(n), Ints("perm", a.D0, a.D1, a.D2, a.D3));
    }
}
