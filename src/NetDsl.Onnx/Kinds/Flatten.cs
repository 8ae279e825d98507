using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[Flatten] → Flatten from axis 1; flattening a map larger than 1x1 ties the graph to its size.</summary>
        static void Map(OnnxBuilder b, GraphNode n, FlattenArgs a)
        {
            var input = n.InputShapes[0];
            if (input.IsMap && input.H * input.W > 1) b.FixedSize(n, $"flattening a {input} map gives a size-dependent vector");
            b.Node("Flatten", new[] { b.In(n) }, b.Out(n), Int("axis", 1));
        }
    }
}
