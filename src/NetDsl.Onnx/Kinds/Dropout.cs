using NetDsl.Graph;
using NetDsl.Shapes;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[Dropout], [Dropout2d]: nothing in inference; the next layer reads the input.</summary>
        static void Map(OnnxBuilder b, GraphNode n, DropoutArgs a) => b.Alias(n, b.In(n));

        static void Map(OnnxBuilder b, GraphNode n, Dropout2dArgs a) => b.Alias(n, b.In(n));
    }
}
