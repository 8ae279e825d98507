namespace NetDsl
{
    // Interpolation lives in the kernel (Shapes/Act.cs) beside Act: UpsampleArgs uses it.

    /// <summary>
    /// Transposed 2-D convolution (decoders, FCN/U-Net upsampling): out = (in - 1)·stride - 2·padding +
    /// dilation·(kernel - 1) + outputPadding + 1. In-channels are inferred or pinned with <see cref="In"/>.
    /// </summary>
    public sealed class ConvTransposeAttribute : LayerAttribute
    {
        public ConvTransposeAttribute(object outChannels, object kernel) { OutChannels = outChannels; Kernel = kernel; }
        public object OutChannels { get; }
        public object Kernel { get; }
        public object Stride { get; set; } = 1;
        public object Padding { get; set; } = 0;
        public object OutputPadding { get; set; } = 0;
        public object Dilation { get; set; } = 1;
        public object Groups { get; set; } = 1;
        public object Bias { get; set; } = true;
        public object? In { get; set; }
    }

    /// <summary>
    /// Parameter-free upsampling by an integer <c>scale</c>, or to <see cref="Height"/> x <see cref="Width"/>
    /// (expressions may name InH/InW, the enclosing block's input size: DeepLab's final resize).
    /// </summary>
    public sealed class UpsampleAttribute : LayerAttribute
    {
        public UpsampleAttribute() { }
        public UpsampleAttribute(object scale) { Scale = scale; }
        public object? Scale { get; }
        public object? Height { get; set; }
        public object? Width { get; set; }
        public object Mode { get; set; } = Interpolation.Nearest;
        public object AlignCorners { get; set; } = false;
    }

    /// <summary>Drops whole channels with probability <c>p</c> during training (spatial dropout).</summary>
    public sealed class Dropout2dAttribute : LayerAttribute
    {
        public Dropout2dAttribute() { P = 0.5; }
        public Dropout2dAttribute(object p) { P = p; }
        public object P { get; }
    }

    /// <summary>Local response normalization across <c>size</c> neighbouring channels (AlexNet's original paper: 5, 1e-4, 0.75, k = 2).</summary>
    public sealed class LRNAttribute : LayerAttribute
    {
        public LRNAttribute(object size) { Size = size; }
        public object Size { get; }
        public object Alpha { get; set; } = 1e-4;
        public object Beta { get; set; } = 0.75;
        public object K { get; set; } = 1.0;
    }

    /// <summary>
    /// Squeeze-excitation as a layer (torchvision's SqueezeExcitation, in EfficientNet's and MobileNetV3's
    /// blocks): pool → 1x1 conv to <c>squeeze</c> channels → <see cref="Act"/> → 1x1 conv back → <see cref="Gate"/> → scale.
    /// </summary>
    public sealed class SqueezeExcitationAttribute : LayerAttribute
    {
        public SqueezeExcitationAttribute(object squeeze) { Squeeze = squeeze; }
        public object Squeeze { get; }
        public object Act { get; set; } = NetDsl.Act.ReLU;
        public object Gate { get; set; } = NetDsl.Act.Sigmoid;
    }
}
