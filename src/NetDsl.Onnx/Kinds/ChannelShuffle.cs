using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[ChannelShuffle(g)] (and [Branches(Shuffle = g)]) → Reshape to N x g x C/g x (HW), Transpose the two channel axes, Reshape back.</summary>
        static void Map(OnnxBuilder b, GraphNode n, ChannelShuffleArgs a)
        {
            string x = b.In(n);
            int c = n.InputShapes[0].C;
            var grouped = b.Node("Reshape", new[] { x, b.Longs(Temp(n, "grouped_shape"), 0, a.Groups, c / a.Groups, -1) }, Temp(n, "grouped"));
            var swapped = b.Node("Transpose", new[] { grouped }, Temp(n, "swapped"), Ints("perm", 0, 2, 1, 3));
            b.Node("Reshape", new[] { swapped, b.Node("Shape", new[] { x }, Temp(n, "shape")) }, b.Out(n));
        }
    }
}
