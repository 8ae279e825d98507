namespace NetDsl.Shapes
{
    /// <summary>[DeformConv]: deformable convolution (DCN v1, or v2 when <see cref="Modulated"/>).</summary>
    public sealed record DeformConvArgs : ConvArgs
    {
        /// <summary>Deformable convolution v2: also predict a sigmoid mask that modulates each sampled position.</summary>
        public bool Modulated { get; init; }

        /// <summary>The offset convolution: 2·k·k offset channels (+ k·k mask channels when modulated), with bias, one group.</summary>
        public ConvArgs Offset => new ConvArgs { OutChannels = (Modulated ? 3 : 2) * Kernel * Kernel, Kernel = Kernel, Stride = Stride, Padding = Padding, Dilation = Dilation };
    }

    /// <summary>
    /// The output size and every check are <see cref="ConvKind"/>'s (messages name the layer DeformConv2d). Parameters
    /// and multiply-adds are the main and offset convolutions' (the bilinear sampling is left out, as for pooling).
    /// </summary>
    internal sealed class DeformConvKind : LayerKind<DeformConvArgs>
    {
        public static readonly DeformConvKind Instance = new DeformConvKind();
        DeformConvKind() : base("DeformConv", "DeformConv2d", LayerRole.Parameterized) { }

        public override bool OutputOverwritable => true;

        /// <summary>torchvision's deform_conv2d samples a 2-D grid: no 1-D form.</summary>
        public override string? OneDimensionalFix => "use [Conv] (Conv1d) on a 1-D map; a deformable convolution samples a 2-D grid";

        public override System.Collections.Generic.IReadOnlyList<string> StateKeys(object args) =>
            ((DeformConvArgs)args).Bias ? new[] { "weight", "bias", "offset.weight", "offset.bias" } : new[] { "weight", "offset.weight", "offset.bias" };

        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output) => ConvKind.Window((DeformConvArgs)args, input);

        public override LayerOutcome Rule(string path, TensorShape input, DeformConvArgs a)
        {
            // torchvision's deform_conv2d takes rectangular windows; the runtime module here is square-only.
            if (a.IsRectangular)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {Row} takes square windows only; remove KernelW, StrideW, PaddingW and DilationW or make them equal to Kernel, Stride, Padding and Dilation.",
                    a.KernelW.HasValue ? "KernelW" : a.StrideW.HasValue ? "StrideW" : a.PaddingW.HasValue ? "PaddingW" : "DilationW");
            if (a.PaddingMode != PaddingMode.Zeros)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {Row} pads with zeros only (torchvision's deform_conv2d); remove PaddingMode or write PaddingMode.Zeros.", "PaddingMode");
            var main = ConvKind.Conv2d(path, input, a, Row);
            if (main.Issue != null) return main;
            var offset = ConvKind.Conv2d(path + ".offset", input, a.Offset, "Conv2d");
            if (offset.Issue != null) return offset;
            return LayerOutcome.Success(main.Output, main.Parameters + offset.Parameters, main.MultiplyAdds + offset.MultiplyAdds);
        }
    }
}
