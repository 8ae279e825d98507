using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[Split(parts, index)] → Slice of channels [index·C/parts, (index+1)·C/parts) on axis 1.</summary>
        static void Map(OnnxBuilder b, GraphNode n, SplitArgs a)
        {
            long part = n.InputShapes[0].C / a.Parts;
            b.Node("Slice", new[] { b.In(n), b.Longs(Temp(n, "start"), a.Index * part), b.Longs(Temp(n, "end"), (a.Index + 1) * part),
                b.Longs(Temp(n, "axes"), 1) }, b.Out(n));
        }
    }
}
