using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>
        /// [Upsample] → Resize with PyTorch's coordinates: nearest is "asymmetric" + floor, bilinear "pytorch_half_pixel"
        /// (or "align_corners"). A scale keeps any size; a fixed Height x Width ties the graph to it.
        /// </summary>
        static void Map(OnnxBuilder b, GraphNode n, UpsampleArgs a)
        {
            bool linear = a.Mode == Interpolation.Bilinear;
            var attributes = new[]
            {
                String("mode", linear ? "linear" : "nearest"),
                String("coordinate_transformation_mode", !linear ? "asymmetric" : a.AlignCorners ? "align_corners" : "pytorch_half_pixel"),
                String("nearest_mode", "floor"),
            };
            if (a.Scale is int s)
            {
                var scales = b.Floats(Temp(n, "scales"), new float[] { 1, 1, s, s }, 4);
                b.Node("Resize", new[] { b.In(n), "", scales }, b.Out(n), attributes);
                return;
            }
            b.FixedSize(n, $"upsampling to {a.Height}x{a.Width} is written for that size");
            // Sizes are [N, C, H, W]: the batch and channels from the input, so the batch axis stays free.
            var shape = b.Node("Shape", new[] { b.In(n) }, Temp(n, "shape"));
            var batchChannels = b.Node("Slice", new[] { shape, b.Longs(Temp(n, "zero"), 0), b.Longs(Temp(n, "two"), 2) }, Temp(n, "batch_channels"));
            var sizes = b.Node("Concat", new[] { batchChannels, b.Longs(Temp(n, "size"), a.Height!.Value, a.Width!.Value) }, Temp(n, "sizes"), Int("axis", 0));
            b.Node("Resize", new[] { b.In(n), "", "", sizes }, b.Out(n), attributes);
        }
    }
}
