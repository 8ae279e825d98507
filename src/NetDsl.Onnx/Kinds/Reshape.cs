using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>
        /// [Reshape] → Reshape(x, [0, sizes…]): 0 copies the batch axis (so a dynamic batch stays free), the sizes are the checked
        /// output's (a written -1 already resolved), which ties the graph to the built size.
        /// </summary>
        static void Map(OnnxBuilder b, GraphNode n, ReshapeArgs a)
        {
            var output = n.Output.ToArray();
            var shape = new long[output.Length + 1];
            for (int i = 0; i < output.Length; i++) shape[i + 1] = output[i];
            if (n.InputShapes[0] != n.Output) b.FixedSize(n, $"reshaping {n.InputShapes[0]} to {n.Output} is written for that size");
            b.Node("Reshape", new[] { b.In(n), b.Longs(Temp(n, "shape"), shape) }, b.Out(n));
        }
    }
}
