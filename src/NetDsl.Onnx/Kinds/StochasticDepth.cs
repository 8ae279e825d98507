using NetDsl.Graph;
using NetDsl.Shapes;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[StochasticDepth] (and a residual's): the identity in inference, so the next layer reads the input.</summary>
        static void Map(OnnxBuilder b, GraphNode n, StochasticDepthArgs a) => b.Alias(n, b.In(n));
    }
}
