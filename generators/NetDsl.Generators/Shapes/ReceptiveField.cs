using System.Collections.Generic;

namespace NetDsl.Shapes
{
    /// <summary>A layer's sliding window along one axis: kernel, stride, padding (on the leading side) and dilation.</summary>
    internal readonly struct Window
    {
        public Window(int kernel, int stride, int padding, int dilation = 1)
        {
            Kernel = kernel;
            Stride = stride;
            Padding = padding;
            Dilation = dilation;
        }

        public int Kernel { get; }
        public int Stride { get; }
        public int Padding { get; }
        public int Dilation { get; }

        /// <summary>What a pointwise layer (activation, BatchNorm, 1x1 at stride 1) does: nothing to the field.</summary>
        public static readonly Window Identity = new Window(1, 1, 0);

    }

    /// <summary>A layer's windows along H and W.</summary>
    internal readonly struct Windows
    {
        public Windows(Window h, Window w) { H = h; W = w; }
        public Window H { get; }
        public Window W { get; }
        public static readonly Windows Identity = new Windows(Window.Identity, Window.Identity);
        public static Windows Square(int kernel, int stride, int padding, int dilation = 1) =>
            new Windows(new Window(kernel, stride, padding, dilation), new Window(kernel, stride, padding, dilation));
    }

    /// <summary>
    /// Receptive field along one axis, in input pixels (Araujo, Norris &amp; Sim, "Computing Receptive Fields of
    /// Convolutional Neural Networks", Distill 2019): the field's size r, the effective stride S (input pixels between
    /// neighbouring outputs) and the effective padding P (how far the first output's field starts before the input).
    /// Through a layer with kernel k, stride s, padding p, dilation d: r += d(k-1)·S, P += p·S, S *= s.
    /// </summary>
    internal readonly struct FieldAxis
    {
        public FieldAxis(int size, int stride, int padding)
        {
            Size = size;
            Stride = stride;
            Padding = padding;
        }

        public int Size { get; }
        public int Stride { get; }
        public int Padding { get; }

        public static readonly FieldAxis Input = new FieldAxis(1, 1, 0);

        public FieldAxis Through(Window w) =>
            new FieldAxis(Size + w.Dilation * (w.Kernel - 1) * Stride, Stride * w.Stride, Padding + w.Padding * Stride);

        /// <summary>Two paths meeting (add, concat): the larger field, with its padding; their strides agree in a valid merge.</summary>
        public static FieldAxis Merge(FieldAxis a, FieldAxis b) =>
            a.Size > b.Size || (a.Size == b.Size && a.Padding >= b.Padding) ? new FieldAxis(a.Size, System.Math.Max(a.Stride, b.Stride), a.Padding)
                : new FieldAxis(b.Size, System.Math.Max(a.Stride, b.Stride), b.Padding);
    }

    /// <summary>
    /// The receptive field along H and W, or unknown: after an upsampling step (which the framework does not model) and after
    /// global pooling or Flatten of a map (every output sees the whole input: no window, as in Araujo et al.'s tables).
    /// </summary>
    internal readonly struct ReceptiveField
    {
        ReceptiveField(FieldAxis h, FieldAxis w, bool known)
        {
            H = h;
            W = w;
            Known = known;
        }

        public FieldAxis H { get; }
        public FieldAxis W { get; }
        public bool Known { get; }

        public static readonly ReceptiveField Input = new ReceptiveField(FieldAxis.Input, FieldAxis.Input, true);
        public static readonly ReceptiveField Unknown = new ReceptiveField(FieldAxis.Input, FieldAxis.Input, false);

        public ReceptiveField Through(Windows? windows) =>
            !Known || windows == null ? Unknown : new ReceptiveField(H.Through(windows.Value.H), W.Through(windows.Value.W), true);

        public static ReceptiveField Merge(ReceptiveField a, ReceptiveField b) =>
            !a.Known || !b.Known ? Unknown : new ReceptiveField(FieldAxis.Merge(a.H, b.H), FieldAxis.Merge(a.W, b.W), true);

        /// <summary>The six numbers a table row holds: size, stride and padding for H then W (-1 each when unknown).</summary>
        public int[] ToRow() => Known ? new[] { H.Size, W.Size, H.Stride, W.Stride, H.Padding, W.Padding } : new[] { -1, -1, -1, -1, -1, -1 };

        /// <summary>The text a row adds to <see cref="PathHash"/>: its path, and its output when a feature map (a class count changes only flat ones).</summary>
        public static string RowKey(string path, TensorShape output) => output.IsMap ? path + "|" + output : path + "|";

        /// <summary>
        /// <see cref="RowKey"/> without the channels (a map's output as HxW or L): receptive fields do not depend on channel
        /// counts, so an instance built with other widths (a constructor argument) still finds its table by these.
        /// </summary>
        public static string SpatialRowKey(string path, TensorShape output)
        {
            if (!output.IsMap) return path + "|";
            string text = output.ToString();
            return path + "|" + text.Substring(text.IndexOf('x') + 1);
        }

        /// <summary>
        /// A fingerprint of a summary's rows (FNV-1a over <see cref="RowKey"/>s), so a table computed at compile time is attached
        /// at run time only to the rows it was computed for: the same instance (variants of one class differ in their maps),
        /// whatever its class count, at the input it was computed for.
        /// </summary>
        public static int PathHash(IEnumerable<string> paths)
        {
            unchecked
            {
                uint hash = 2166136261;
                foreach (string path in paths)
                {
                    foreach (char c in path) hash = (hash ^ c) * 16777619;
                    hash = (hash ^ '\n') * 16777619;
                }
                return (int)hash;
            }
        }
    }
}

namespace NetDsl.Shapes
{
    /// <summary>
    /// Receptive fields computed at compile time for one network instance, emitted into the generated class and attached to the
    /// run-time summary rows whose paths match <see cref="PathHash"/>: six numbers per row (field h, w; stride h, w; padding h, w;
    /// -1 when unknown).
    /// </summary>
    public sealed class ReceptiveFieldTable
    {
        /// <summary>
        /// A table for the instance whose row paths hash to <paramref name="pathHash"/> (<see cref="ReceptiveField.RowKey"/>s), or,
        /// where no table matches those, to <paramref name="spatialHash"/> (<see cref="ReceptiveField.SpatialRowKey"/>s).
        /// </summary>
        public ReceptiveFieldTable(int pathHash, int[] values, int? spatialHash = null)
        {
            PathHash = pathHash;
            Values = values;
            SpatialHash = spatialHash;
        }

        /// <summary>Hash of the rows' paths and spatial sizes only (null: not emitted), for an instance whose channel counts differ.</summary>
        public int? SpatialHash { get; }

        /// <summary>Hash of the instance's summary row paths, in order: the table applies only to rows that match it.</summary>
        public int PathHash { get; }

        /// <summary>Six numbers per row, row after row.</summary>
        public int[] Values { get; }
    }
}
