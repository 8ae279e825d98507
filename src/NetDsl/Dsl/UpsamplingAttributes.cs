namespace NetDsl
{
    // Interpolation lives in the kernel (Shapes/Act.cs) beside Act: UpsampleArgs uses it.

    /// <summary>
    /// Transposed 2-D convolution (decoders, FCN/U-Net upsampling): out = (in - 1)·stride - 2·padding +
    /// dilation·(kernel - 1) + outputPadding + 1. In-channels are inferred or pinned with <see cref="In"/>.
    /// </summary>
    public sealed class ConvTransposeAttribute : LayerAttribute
    {
        /// <summary>A transposed convolution to <paramref name="outChannels"/> channels with a square <paramref name="kernel"/>.</summary>
        public ConvTransposeAttribute(object outChannels, object kernel) { OutChannels = outChannels; Kernel = kernel; }
        /// <summary>Output channels: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object OutChannels { get; }
        /// <summary>Kernel size (square): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Kernel { get; }
        /// <summary>Stride: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Stride { get; set; } = 1;
        /// <summary>Zero padding on each side: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Padding { get; set; } = 0;
        /// <summary>Extra size added to one side of the output, to pick among the sizes a strided transpose can produce: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object OutputPadding { get; set; } = 0;
        /// <summary>Spacing between kernel taps: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Dilation { get; set; } = 1;
        /// <summary>Blocked connections from input to output channels (depthwise when equal to the channels): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Groups { get; set; } = 1;
        /// <summary>Whether the layer adds a learnable bias (true or false, or a bool parameter).</summary>
        public object Bias { get; set; } = true;
        /// <summary>Pins the input channels (features for Linear) so the checker verifies them; inferred when null.</summary>
        public object? In { get; set; }
    }

    /// <summary>
    /// Parameter-free upsampling by an integer <c>scale</c>, or to <see cref="Height"/> x <see cref="Width"/>
    /// (expressions may name InH/InW, the enclosing block's input size: DeepLab's final resize).
    /// </summary>
    public sealed class UpsampleAttribute : LayerAttribute
    {
        /// <summary>Upsampling to <see cref="Height"/> x <see cref="Width"/> (set both).</summary>
        public UpsampleAttribute() { }
        /// <summary>Upsampling by an integer <paramref name="scale"/>.</summary>
        public UpsampleAttribute(object scale) { Scale = scale; }
        /// <summary>The integer scale factor; null when the size is given by Height and Width.</summary>
        public object? Scale { get; }
        /// <summary>The output height (may use InH, the block's input height); null with a scale.</summary>
        public object? Height { get; set; }
        /// <summary>The output width (may use InW, the block's input width); null with a scale.</summary>
        public object? Width { get; set; }
        /// <summary>The <see cref="Interpolation"/> (nearest by default).</summary>
        public object Mode { get; set; } = Interpolation.Nearest;
        /// <summary>Bilinear only: align the corner pixels of input and output, as PyTorch's align_corners.</summary>
        public object AlignCorners { get; set; } = false;
    }

    /// <summary>Drops whole channels with probability <c>p</c> during training (spatial dropout).</summary>
    public sealed class Dropout2dAttribute : LayerAttribute
    {
        /// <summary>Channel dropout with p = 0.5 (PyTorch's default).</summary>
        public Dropout2dAttribute() { P = 0.5; }
        /// <summary>Channel dropout with probability <paramref name="p"/>.</summary>
        public Dropout2dAttribute(object p) { P = p; }
        /// <summary>The probability of zeroing an element (a whole channel for Dropout2d), in [0, 1).</summary>
        public object P { get; }
    }

    /// <summary>Local response normalization across <c>size</c> neighbouring channels (AlexNet's original paper: 5, 1e-4, 0.75, k = 2).</summary>
    public sealed class LRNAttribute : LayerAttribute
    {
        /// <summary>Local response normalisation over <paramref name="size"/> neighbouring channels.</summary>
        public LRNAttribute(object size) { Size = size; }
        /// <summary>Neighbouring channels summed over.</summary>
        public object Size { get; }
        /// <summary>Multiplicative factor (PyTorch's default 1e-4).</summary>
        public object Alpha { get; set; } = 1e-4;
        /// <summary>Exponent (PyTorch's default 0.75).</summary>
        public object Beta { get; set; } = 0.75;
        /// <summary>Additive factor (PyTorch's default 1).</summary>
        public object K { get; set; } = 1.0;
    }

    /// <summary>
    /// Squeeze-excitation as a layer (torchvision's SqueezeExcitation, in EfficientNet's and MobileNetV3's
    /// blocks): pool → 1x1 conv to <c>squeeze</c> channels → <see cref="Act"/> → 1x1 conv back → <see cref="Gate"/> → scale.
    /// </summary>
    public sealed class SqueezeExcitationAttribute : LayerAttribute
    {
        /// <summary>Squeeze-excitation through <paramref name="squeeze"/> channels.</summary>
        public SqueezeExcitationAttribute(object squeeze) { Squeeze = squeeze; }
        /// <summary>The squeezed channels: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Squeeze { get; }
        /// <summary>The activation after the squeeze (an <see cref="NetDsl.Act"/> or a block parameter).</summary>
        public object Act { get; set; } = NetDsl.Act.ReLU;
        /// <summary>The gate before scaling (sigmoid by default, Hardsigmoid in MobileNetV3).</summary>
        public object Gate { get; set; } = NetDsl.Act.Sigmoid;
    }
}
