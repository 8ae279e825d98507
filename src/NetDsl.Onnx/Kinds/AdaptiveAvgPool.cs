using System;
using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>
        /// [AdaptiveAvgPool] → GlobalAveragePool for a 1x1 grid; AveragePool when the grid divides the built size; otherwise
        /// PyTorch's bins as two constant averaging matrices (rows · x · columns), exact for the size the network was built for.
        /// </summary>
        static void Map(OnnxBuilder b, GraphNode n, AdaptiveAvgPoolArgs a)
        {
            var input = n.InputShapes[0];
            if (a.Height == 1 && a.Width == 1) { b.Node("GlobalAveragePool", new[] { b.In(n) }, b.Out(n)); return; }
            b.FixedSize(n, $"adaptive pooling of {input} to {a.Height}x{a.Width} is written for that size");
            if (input.H % a.Height == 0 && input.W % a.Width == 0)
            {
                int kh = input.H / a.Height, kw = input.W / a.Width;
                b.Node("AveragePool", new[] { b.In(n) }, b.Out(n), Ints("kernel_shape", kh, kw), Ints("strides", kh, kw));
                return;
            }
            var rows = b.Floats(Temp(n, "rows"), Bins(input.H, a.Height, transpose: false), a.Height, input.H);
            var columns = b.Floats(Temp(n, "columns"), Bins(input.W, a.Width, transpose: true), input.W, a.Width);
            var across = b.Node("MatMul", new[] { b.In(n), columns }, Temp(n, "columns_pooled"));
            b.Node("MatMul", new[] { rows, across }, b.Out(n));
        }

        /// <summary>[AdaptiveMaxPool] → GlobalMaxPool for a 1x1 grid, MaxPool when the grid divides the size; else refused by name.</summary>
        static void Map(OnnxBuilder b, GraphNode n, AdaptiveMaxPoolArgs a)
        {
            var input = n.InputShapes[0];
            if (a.Height == 1 && a.Width == 1) { b.Node("GlobalMaxPool", new[] { b.In(n) }, b.Out(n)); return; }
            if (input.H % a.Height != 0 || input.W % a.Width != 0)
                throw new OnnxExportException($"{n.Path}: AdaptiveMaxPool of {input} to {a.Height}x{a.Width} has uneven bins, which ONNX's MaxPool cannot express; build the network for a size whose map divides by the grid");
            b.FixedSize(n, $"adaptive pooling of {input} to {a.Height}x{a.Width} is written for that size");
            int kh = input.H / a.Height, kw = input.W / a.Width;
            b.Node("MaxPool", new[] { b.In(n) }, b.Out(n), Ints("kernel_shape", kh, kw), Ints("strides", kh, kw));
        }

        /// <summary>
        /// PyTorch's adaptive bins as an averaging matrix: output i averages inputs [floor(i·n/m), ceil((i+1)·n/m)).
        /// [m, n] row-major, or [n, m] when <paramref name="transpose"/>.
        /// </summary>
        static float[] Bins(int n, int m, bool transpose)
        {
            var matrix = new float[n * m];
            for (int i = 0; i < m; i++)
            {
                int start = (int)Math.Floor((double)i * n / m), end = (int)Math.Ceiling((double)(i + 1) * n / m);
                for (int j = start; j < end; j++) matrix[transpose ? j * m + i : i * n + j] = 1f / (end - start);
            }
            return matrix;
        }
    }
}
