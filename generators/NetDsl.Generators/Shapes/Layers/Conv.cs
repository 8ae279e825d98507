using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>[Conv]: a 2-D convolution (PyTorch's Conv2d). In-channels are inferred; <see cref="In"/> pins them.</summary>
    public sealed record ConvArgs
    {
        public required int OutChannels { get; init; }
        public required int Kernel { get; init; }
        public int Stride { get; init; } = 1;
        public int Padding { get; init; }
        public int Dilation { get; init; } = 1;
        public int Groups { get; init; } = 1;
        public bool Bias { get; init; } = true;
        public int? In { get; init; }
    }

    public sealed class ConvKind : LayerKind<ConvArgs>
    {
        public static readonly ConvKind Instance = new ConvKind();
        ConvKind() : base("Conv", "Conv2d", LayerRole.Parameterized) { }

        public override bool OutputOverwritable => true;

        public override LayerOutcome Rule(string path, TensorShape input, ConvArgs a) => Conv2d(path, input, a, Row);

        /// <summary>The convolution rule; <paramref name="kind"/> names the layer in messages (DeformConv2d reuses it).</summary>
        public static LayerOutcome Conv2d(string path, TensorShape input, ConvArgs a, string kind)
        {
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (a.OutChannels <= 0) return Positive(path, kind, "out-channels", a.OutChannels, "OutChannels");
            if (a.Kernel <= 0) return Positive(path, kind, "kernel", a.Kernel, "Kernel");
            if (a.Stride <= 0) return Positive(path, kind, "Stride", a.Stride, "Stride");
            if (a.Dilation <= 0) return Positive(path, kind, "Dilation", a.Dilation, "Dilation");
            if (a.Groups <= 0) return Positive(path, kind, "Groups", a.Groups, "Groups");
            if (a.Padding < 0) return NonNegative(path, kind, "Padding", a.Padding);
            if (a.In.HasValue && a.In.Value != input.C) return Pinned(path, kind, a.In.Value, input.C, "channels", input);
            if (input.C % a.Groups != 0 || a.OutChannels % a.Groups != 0) return Groups(path, kind, a.Groups, input.C, a.OutChannels);
            int h = Sizes.ConvSize(input.H, a.Kernel, a.Stride, a.Padding, a.Dilation, false);
            int w = Sizes.ConvSize(input.W, a.Kernel, a.Stride, a.Padding, a.Dilation, false);
            if (h <= 0 || w <= 0) return TooSmall(path, kind, input, a.OutChannels, h, w, a.Kernel, a.Stride, a.Padding, a.Dilation);
            long weights = (long)a.OutChannels * (input.C / a.Groups) * a.Kernel * a.Kernel;
            return LayerOutcome.Success(new TensorShape(a.OutChannels, h, w), weights + (a.Bias ? a.OutChannels : 0), weights * h * w);
        }
    }
}
