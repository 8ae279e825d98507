using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[ChannelAffine] → Mul by the scales, Add the shifts (C x 1 x 1 constants broadcast over N x C x H x W); disabled, the identity.</summary>
        static void Map(OnnxBuilder b, GraphNode n, ChannelAffineArgs a)
        {
            if (!a.Enabled) { b.Alias(n, b.In(n)); return; }
            var input = n.InputShapes[0];
            var dims = new long[input.ToArray().Length];   // C, then a 1 per axis after the channels
            for (int i = 0; i < dims.Length; i++) dims[i] = 1;
            dims[0] = input.C;
            var scaled = b.Node("Mul", new[] { b.In(n), b.Floats(Temp(n, "scale"), ToFloats(a.Scales(input.C)), dims) }, Temp(n, "scaled"));
            b.Node("Add", new[] { scaled, b.Floats(Temp(n, "shift"), ToFloats(a.Shifts(input.C)), dims) }, b.Out(n));
        }

        static float[] ToFloats(double[] values) => System.Array.ConvertAll(values, v => (float)v);
    }
}
