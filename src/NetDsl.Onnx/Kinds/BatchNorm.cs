using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[BatchNorm] → BatchNormalization on the running statistics (inference mode).</summary>
        static void Map(OnnxBuilder b, GraphNode n, BatchNormArgs a) =>
            b.Node("BatchNormalization",
                new[] { b.In(n), b.Param(n, "weight"), b.Param(n, "bias"), b.Param(n, "running_mean"), b.Param(n, "running_var") }, b.Out(n),
                Float("epsilon", a.Eps), Float("momentum", 1 - a.Momentum));
    }
}
