using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>Square-window pooling: kernel, stride (the kernel when absent, as in PyTorch), padding, ceil mode.</summary>
    public abstract record PoolArgs
    {
        /// <summary>Kernel size (square).</summary>
        public required int Kernel { get; init; }
        /// <summary>Stride.</summary>
        public int? Stride { get; init; }
        /// <summary>Zero padding on each side.</summary>
        public int Padding { get; init; }
        /// <summary>Round the output size up instead of down, as PyTorch's ceil_mode.</summary>
        public bool CeilMode { get; init; }

        /// <summary>The stride PyTorch uses: the given one, else the kernel.</summary>
        public int StrideOrKernel => Stride ?? Kernel;
    }

    /// <summary>The rule both square poolings share (MaxPool, AvgPool).</summary>
    internal abstract class PoolKind<TArgs> : LayerKind<TArgs> where TArgs : PoolArgs
    {
        protected PoolKind(string name, string row) : base(name, row, LayerRole.Functional) { }

        public override bool PoolsPositions => true;

        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output)
        {
            var a = (PoolArgs)args;
            return Windows.Square(a.Kernel, a.StrideOrKernel, a.Padding);
        }

        public override LayerOutcome Rule(string path, TensorShape input, TArgs a)
        {
            string kind = Row;
            int stride = a.StrideOrKernel;
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (a.Kernel <= 0) return Positive(path, kind, "kernel", a.Kernel, "Kernel");
            if (stride <= 0) return Positive(path, kind, "Stride", stride, "Stride");
            if (a.Padding < 0 || a.Padding * 2 > a.Kernel)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} Padding = {I(a.Padding)} must be between 0 and half the kernel ({I(a.Kernel)}); reduce the padding.",
                    "Padding");
            int h = Sizes.ConvSize(input.H, a.Kernel, stride, a.Padding, 1, a.CeilMode);
            int w = Sizes.ConvSize(input.W, a.Kernel, stride, a.Padding, 1, a.CeilMode);
            if (h <= 0 || w <= 0) return TooSmall(path, kind, input, input.C, h, w, a.Kernel, stride, a.Padding, 1);
            return LayerOutcome.Success(new TensorShape(input.C, h, w));
        }
    }
}
