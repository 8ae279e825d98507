using NetDsl.Graph;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>The merge nodes: Add (a chain of Adds, in order), Concat on channels, Crop as a centre Slice, Multiply and LayerScale as Mul.</summary>
        static void Merge(OnnxBuilder b, GraphNode n)
        {
            switch (n.Op)
            {
                case GraphOps.Add:
                {
                    string sum = b.In(n, 0);
                    for (int i = 1; i < n.Sources.Count; i++)
                        sum = b.Node("Add", new[] { sum, b.In(n, i) }, i == n.Sources.Count - 1 ? b.Out(n) : Temp(n, "sum" + i));
                    return;
                }
                case GraphOps.Concat:
                {
                    var inputs = new string[n.Sources.Count];
                    for (int i = 0; i < inputs.Length; i++) inputs[i] = b.In(n, i);
                    b.Node("Concat", inputs, b.Out(n), Int("axis", 1));
                    return;
                }
                case GraphOps.Crop:
                    Crop(b, n);
                    return;
                case GraphOps.Multiply:
                    b.Node("Mul", new[] { b.In(n, 0), b.In(n, 1) }, b.Out(n));   // ONNX broadcasts as PyTorch does
                    return;
                case GraphOps.LayerScale:
                    b.Node("Mul", new[] { b.In(n), b.Param(n, "layer_scale") }, b.Out(n));   // C x 1 x 1 broadcast over N x C x H x W
                    return;
                default:
                    throw new OnnxExportException($"{n.Path}: a {n.Op} node has no ONNX mapping");
            }
        }

        /// <summary>The centre window of input 0 at input 1's height and width: start = (size0 − size1) / 2, from the shapes at run time.</summary>
        static void Crop(OnnxBuilder b, GraphNode n)
        {
            var big = n.InputShapes[0];
            var like = n.InputShapes[1];
            if (big.H == like.H && big.W == like.W) { b.Alias(n, b.In(n, 0)); return; }
            var two = b.Longs(Temp(n, "two"), 2);
            var axes = b.Longs(Temp(n, "axes"), 2, 3);
            var start = b.Longs(Temp(n, "start"), 2);
            var end = b.Longs(Temp(n, "end"), 4);
            var bigSize = b.Node("Slice", new[] { b.Node("Shape", new[] { b.In(n, 0) }, Temp(n, "shape")), start, end }, Temp(n, "size"));
            var likeSize = b.Node("Slice", new[] { b.Node("Shape", new[] { b.In(n, 1) }, Temp(n, "like_shape")), start, end }, Temp(n, "like_size"));
            var from = b.Node("Div", new[] { b.Node("Sub", new[] { bigSize, likeSize }, Temp(n, "margin")), two }, Temp(n, "from"));
            var to = b.Node("Add", new[] { from, likeSize }, Temp(n, "to"));
            b.Node("Slice", new[] { b.In(n, 0), from, to, axes }, b.Out(n));
        }
    }
}
