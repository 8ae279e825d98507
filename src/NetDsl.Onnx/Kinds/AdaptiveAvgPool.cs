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
            if (input.Is1d)
            {
                // One axis: AveragePool when the length divides, else the averaging matrix of the bins along L (x · columns).
                b.FixedSize(n, $"adaptive pooling of {input} to length {a.Width} is written for that size");
                if (input.W % a.Width == 0) { b.Node("AveragePool", new[] { b.In(n) }, b.Out(n), Ints("kernel_shape", input.W / a.Width), Ints("strides", input.W / a.Width)); return; }
                b.Node("MatMul", new[] { b.In(n), b.Floats(Temp(n, "columns"), Bins(input.W, a.Width, transpose: true), input.W, a.Width) }, b.Out(n));
                return;
            }
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

        /// <summary>
        /// [AdaptiveMaxPool] → GlobalMaxPool for a 1x1 grid, MaxPool when the grid divides the built size; otherwise (a spatial
        /// pyramid over a map its grid does not divide) PyTorch's uneven bins, exact for the size the network was built for.
        /// </summary>
        static void Map(OnnxBuilder b, GraphNode n, AdaptiveMaxPoolArgs a)
        {
            var input = n.InputShapes[0];
            if (a.Height == 1 && a.Width == 1) { b.Node("GlobalMaxPool", new[] { b.In(n) }, b.Out(n)); return; }
            if (input.Is1d)
            {
                b.FixedSize(n, $"adaptive pooling of {input} to length {a.Width} is written for that size");
                if (input.W % a.Width == 0) { b.Node("MaxPool", new[] { b.In(n) }, b.Out(n), Ints("kernel_shape", input.W / a.Width), Ints("strides", input.W / a.Width)); return; }
                MaxBins(b, n, b.In(n), 2, input.W, a.Width, b.Out(n), oneD: true);
                return;
            }
            b.FixedSize(n, $"adaptive pooling of {input} to {a.Height}x{a.Width} is written for that size");
            if (input.H % a.Height == 0 && input.W % a.Width == 0)
            {
                int kh = input.H / a.Height, kw = input.W / a.Width;
                b.Node("MaxPool", new[] { b.In(n) }, b.Out(n), Ints("kernel_shape", kh, kw), Ints("strides", kh, kw));
                return;
            }
            // The maximum over a bin is the maximum over its rows of the maximum over its columns: rows first, then columns.
            string rows = MaxBins(b, n, b.In(n), 2, input.H, a.Height, Temp(n, "rows"));
            MaxBins(b, n, rows, 3, input.W, a.Width, b.Out(n));
        }

        /// <summary>
        /// Max over PyTorch's bins [floor(i·size/count), ceil((i+1)·size/count)) along <paramref name="axis"/> (2: height, 3: width):
        /// each bin a Slice pooled to one by a MaxPool as long as the bin, the bins concatenated in order.
        /// </summary>
        static string MaxBins(OnnxBuilder b, GraphNode n, string x, int axis, int size, int count, string output, bool oneD = false)
        {
            var bins = new string[count];
            string side = axis == 2 ? "h" : "w";
            var axes = b.Longs(Temp(n, side + "_axis"), axis);
            for (int i = 0; i < count; i++)
            {
                long start = (long)Math.Floor((double)i * size / count), end = (long)Math.Ceiling((double)(i + 1) * size / count);
                string bin = side + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var slice = b.Node("Slice", new[] { x, b.Longs(Temp(n, bin + "_start"), start), b.Longs(Temp(n, bin + "_end"), end), axes }, Temp(n, bin + "_bin"));
                long[] kernel = oneD ? new[] { end - start } : axis == 2 ? new[] { end - start, 1L } : new[] { 1L, end - start };
                bins[i] = b.Node("MaxPool", new[] { slice }, Temp(n, bin + "_max"), Ints("kernel_shape", kernel));
            }
            return b.Node("Concat", bins, output, Int("axis", axis));
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
