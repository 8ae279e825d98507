using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// Window pooling: kernel, stride (the kernel when absent, as in PyTorch), padding, ceil mode. As for [Conv], Kernel,
    /// Stride and Padding are the height's and, unless the W-suffixed argument is written, the width's too:
    /// <c>Kernel = 1, KernelW = 3, PaddingW = 1</c> is PyTorch's <c>kernel_size=(1, 3), padding=(0, 1)</c>. On a CxL map
    /// (MaxPool1d, AvgPool1d) they are the length's, and the W-suffixed ones are ND0025.
    /// </summary>
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

        /// <summary>The window's width when it differs from its height (<see cref="Kernel"/>); absent: square.</summary>
        public int? KernelW { get; init; }
        /// <summary>The width's stride when it differs from <see cref="Stride"/>; absent: the same (the window's width when neither is written).</summary>
        public int? StrideW { get; init; }
        /// <summary>The width's padding when it differs from <see cref="Padding"/>; absent: the same.</summary>
        public int? PaddingW { get; init; }

        /// <summary>The stride PyTorch uses: the given one, else the kernel.</summary>
        public int StrideOrKernel => Stride ?? Kernel;
        /// <summary>The window's width, resolved.</summary>
        public int KernelWidth => KernelW ?? Kernel;
        /// <summary>The width's stride, resolved: StrideW, else Stride, else the window's width (PyTorch's default per axis).</summary>
        public int StrideWidth => StrideW ?? Stride ?? KernelWidth;
        /// <summary>The width's padding, resolved.</summary>
        public int PaddingWidth => PaddingW ?? Padding;
        /// <summary>Whether any width value differs from its height's (a rectangular window or step).</summary>
        public bool IsRectangular => KernelWidth != Kernel || StrideWidth != StrideOrKernel || PaddingWidth != Padding;
    }

    /// <summary>The rule both square poolings share (MaxPool, AvgPool).</summary>
    internal abstract class PoolKind<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)] TArgs> : LayerKind<TArgs> where TArgs : PoolArgs
    {
        protected PoolKind(string name, string row, string row1d) : base(name, row, LayerRole.Functional, factory: name, row1d: row1d) { }

        public override bool PoolsPositions => true;

        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output)
        {
            var a = (PoolArgs)args;
            if (input.Is1d) return new Windows(Window.Identity, new Window(a.Kernel, a.StrideOrKernel, a.Padding));
            return new Windows(new Window(a.Kernel, a.StrideOrKernel, a.Padding), new Window(a.KernelWidth, a.StrideWidth, a.PaddingWidth));
        }

        public override LayerOutcome Rule(string path, TensorShape input, TArgs a)
        {
            string kind = RowAt(input);
            int stride = a.StrideOrKernel;
            if (!input.IsMap) return NeedsMap(path, kind, input);
            if (input.Is1d && ConvKind.OneAxis(path, kind, input, a.KernelW, a.StrideW, a.PaddingW, null) is { } twoAxes) return twoAxes;
            if (a.Kernel <= 0) return Positive(path, kind, "kernel", a.Kernel, "Kernel");
            if (stride <= 0) return Positive(path, kind, "Stride", stride, "Stride");
            if (a.Padding < 0 || a.Padding * 2 > a.Kernel)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} Padding = {I(a.Padding)} must be between 0 and half the kernel ({I(a.Kernel)}); reduce the padding.",
                    "Padding");
            if (a.KernelW is int kw && kw <= 0) return Positive(path, kind, "kernel width", kw, "KernelW");
            if (a.StrideW is int sw && sw <= 0) return Positive(path, kind, "StrideW", sw, "StrideW");
            if (a.PaddingW.HasValue && (a.PaddingWidth < 0 || a.PaddingWidth * 2 > a.KernelWidth))
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} PaddingW = {I(a.PaddingWidth)} must be between 0 and half the window's width ({I(a.KernelWidth)}); reduce the padding.",
                    "PaddingW");
            if (!a.PaddingW.HasValue && a.PaddingWidth * 2 > a.KernelWidth)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: {kind} Padding = {I(a.Padding)} must be between 0 and half the window's width ({I(a.KernelWidth)}); write PaddingW or reduce the padding.",
                    "Padding");
            int h = input.Is1d ? 1 : Sizes.ConvSize(input.H, a.Kernel, stride, a.Padding, 1, a.CeilMode);
            int w = Sizes.ConvSize(input.W, a.KernelWidth, a.StrideWidth, a.PaddingWidth, 1, a.CeilMode);
            if ((h <= 0 || w <= 0) && a.IsRectangular)
            {
                string Pair(int height, int width) => I(height) + "x" + I(width);
                return LayerOutcome.Fail(ShapeIssueIds.NonPositiveSize,
                    $"{path}: {kind} output would be {I(input.C)}x{I(h)}x{I(w)} for input {input} (kernel {Pair(a.Kernel, a.KernelWidth)}, stride {Pair(stride, a.StrideWidth)}, padding {Pair(a.Padding, a.PaddingWidth)}); the input is too small: use a larger input, more padding or a smaller kernel or stride.",
                    h <= 0 ? "Kernel" : a.KernelW.HasValue ? "KernelW" : "Kernel");
            }
            if (h <= 0 || w <= 0) return TooSmall(path, kind, input, input.C, h, w, a.Kernel, stride, a.Padding, 1);
            return LayerOutcome.Success(input.Resized(input.C, h, w));
        }
    }
}
