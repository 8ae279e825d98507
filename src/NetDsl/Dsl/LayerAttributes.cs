using System;

namespace NetDsl
{
    // Layer attributes. Every numeric argument is typed object so that it may be a constant (64),
    // a parameter (nameof(width)) or a small arithmetic expression over parameters ("width * 4").
    // Attributes on one member form a stack applied in order.

    /// <summary>Base of every layer attribute.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
    public abstract class LayerAttribute : Attribute { }

    /// <summary>
    /// 2-D convolution. In-channels are inferred; pin them with <see cref="In"/> to have them checked. Kernel, Stride,
    /// Padding and Dilation are square unless a W-suffixed argument gives the width its own value.
    /// </summary>
    public sealed class ConvAttribute : LayerAttribute
    {
        /// <summary>A convolution to <paramref name="outChannels"/> channels with a square <paramref name="kernel"/>.</summary>
        public ConvAttribute(object outChannels, object kernel) { OutChannels = outChannels; Kernel = kernel; }
        /// <summary>Output channels: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object OutChannels { get; }
        /// <summary>Kernel size (square): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Kernel { get; }
        /// <summary>Stride: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Stride { get; set; } = 1;
        /// <summary>Padding on each side (zeros unless <see cref="PaddingMode"/> says otherwise): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Padding { get; set; } = 0;
        /// <summary>Spacing between kernel taps: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Dilation { get; set; } = 1;
        /// <summary>Blocked connections from input to output channels (depthwise when equal to the channels): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Groups { get; set; } = 1;
        /// <summary>Whether the layer adds a learnable bias (true or false, or a bool parameter).</summary>
        public object Bias { get; set; } = true;
        /// <summary>Pins the input channels (features for Linear) so the checker verifies them; inferred when null.</summary>
        public object? In { get; set; }

        /// <summary>The window's width when it differs from <see cref="Kernel"/>, its height (1x7: Kernel = 1, KernelW = 7).</summary>
        public object? KernelW { get; set; }
        /// <summary>The width's stride when it differs from <see cref="Stride"/>.</summary>
        public object? StrideW { get; set; }
        /// <summary>The width's padding when it differs from <see cref="Padding"/> (1x7 same-size: Padding = 0, PaddingW = 3).</summary>
        public object? PaddingW { get; set; }
        /// <summary>The width's dilation when it differs from <see cref="Dilation"/>.</summary>
        public object? DilationW { get; set; }
        /// <summary>
        /// What the padding holds: <see cref="NetDsl.PaddingMode.Zeros"/> (default), <see cref="NetDsl.PaddingMode.Reflect"/>,
        /// <see cref="NetDsl.PaddingMode.Replicate"/> or <see cref="NetDsl.PaddingMode.Circular"/> (PyTorch's padding_mode);
        /// reflect padding must be under the input's size along each axis, circular at most it (ND0013 otherwise).
        /// </summary>
        public object PaddingMode { get; set; } = NetDsl.PaddingMode.Zeros;
    }

    /// <summary>
    /// Deformable convolution (Dai et al., 2017; with <see cref="Modulated"/>, v2 of Zhu et al., 2019): a
    /// convolution over positions shifted by offsets that a zero-initialised convolution predicts from the input.
    /// </summary>
    public sealed class DeformConvAttribute : LayerAttribute
    {
        /// <summary>A deformable convolution to <paramref name="outChannels"/> channels with a square <paramref name="kernel"/>.</summary>
        public DeformConvAttribute(object outChannels, object kernel) { OutChannels = outChannels; Kernel = kernel; }
        /// <summary>Output channels: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object OutChannels { get; }
        /// <summary>Kernel size (square): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Kernel { get; }
        /// <summary>Stride: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Stride { get; set; } = 1;
        /// <summary>Zero padding on each side: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Padding { get; set; } = 0;
        /// <summary>Spacing between kernel taps: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Dilation { get; set; } = 1;
        /// <summary>Blocked connections from input to output channels (depthwise when equal to the channels): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Groups { get; set; } = 1;
        /// <summary>Whether the layer adds a learnable bias (true or false, or a bool parameter).</summary>
        public object Bias { get; set; } = true;
        /// <summary>Deformable convolution v2: also predict a sigmoid mask that modulates each sampled position.</summary>
        public object Modulated { get; set; } = false;
        /// <summary>Pins the input channels (features for Linear) so the checker verifies them; inferred when null.</summary>
        public object? In { get; set; }
        /// <summary>Square windows only: written, this must equal Kernel (ND0013 otherwise).</summary>
        public object? KernelW { get; set; }
        /// <summary>Square windows only: written, this must equal Stride (ND0013 otherwise).</summary>
        public object? StrideW { get; set; }
        /// <summary>Square windows only: written, this must equal Padding (ND0013 otherwise).</summary>
        public object? PaddingW { get; set; }
        /// <summary>Square windows only: written, this must equal Dilation (ND0013 otherwise).</summary>
        public object? DilationW { get; set; }
        /// <summary>Zeros only (torchvision's deform_conv2d): any other <see cref="NetDsl.PaddingMode"/> is ND0013.</summary>
        public object PaddingMode { get; set; } = NetDsl.PaddingMode.Zeros;
    }

    /// <summary>BatchNorm2d over the input's channels (inferred, or pinned with <see cref="In"/>).</summary>
    public sealed class BatchNormAttribute : LayerAttribute
    {
        /// <summary>Pins the channels so the checker verifies them; inferred when null.</summary>
        public object? In { get; set; }

        /// <summary>Added to the variance (PyTorch's default 1e-5; GoogLeNet and Inception use 1e-3).</summary>
        public object Eps { get; set; } = 1e-5;

        /// <summary>Running-statistics momentum (PyTorch's default 0.1; EfficientNet and MobileNetV3 use 0.01).</summary>
        public object Momentum { get; set; } = 0.1;
    }

    /// <summary>Fully connected layer over a flat vector; in-features inferred or pinned with <see cref="In"/>.</summary>
    public sealed class LinearAttribute : LayerAttribute
    {
        /// <summary>A fully connected layer to <paramref name="outFeatures"/> features.</summary>
        public LinearAttribute(object outFeatures) { OutFeatures = outFeatures; }
        /// <summary>Output features: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object OutFeatures { get; }
        /// <summary>Whether the layer adds a learnable bias (true or false, or a bool parameter).</summary>
        public object Bias { get; set; } = true;
        /// <summary>Pins the input channels (features for Linear) so the checker verifies them; inferred when null.</summary>
        public object? In { get; set; }

        /// <summary>Map the last axis of a map (channels after [Permute(0, 2, 3, 1)]) instead of a flat vector.</summary>
        public object LastDim { get; set; } = false;
    }

    /// <summary>Square-window pooling: kernel, stride (defaults to the kernel, as in PyTorch), padding, ceil mode.</summary>
    public abstract class PoolAttribute : LayerAttribute
    {
        /// <summary>A pooling layer with a square <paramref name="kernel"/>.</summary>
        protected PoolAttribute(object kernel) { Kernel = kernel; }
        /// <summary>Window size (square): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Kernel { get; }
        /// <summary>Stride; the kernel size when null (PyTorch's default): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object? Stride { get; set; }
        /// <summary>Zero padding on each side: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Padding { get; set; } = 0;
        /// <summary>Round the output size up instead of down, as PyTorch's ceil_mode.</summary>
        public object CeilMode { get; set; } = false;

        /// <summary>The window's width when it differs from <see cref="Kernel"/>, its height (1x3: Kernel = 1, KernelW = 3).</summary>
        public object? KernelW { get; set; }
        /// <summary>The width's stride when it differs from <see cref="Stride"/> (absent with no Stride: the window's width).</summary>
        public object? StrideW { get; set; }
        /// <summary>The width's padding when it differs from <see cref="Padding"/> (1x3 same-size: PaddingW = 1).</summary>
        public object? PaddingW { get; set; }
    }

    /// <summary>Max pooling (kernel, stride defaulting to the kernel, padding, ceil mode), as PyTorch's MaxPool2d.</summary>
    public sealed class MaxPoolAttribute : PoolAttribute
    {
        /// <summary>Max pooling with a square <paramref name="kernel"/>.</summary>
        public MaxPoolAttribute(object kernel) : base(kernel) { }
    }

    /// <summary>Average pooling; padded positions count in the average, as PyTorch's default.</summary>
    public sealed class AvgPoolAttribute : PoolAttribute
    {
        /// <summary>Average pooling with a square <paramref name="kernel"/>.</summary>
        public AvgPoolAttribute(object kernel) : base(kernel) { }
    }

    /// <summary>Average over all spatial positions: CxHxW → Cx1x1.</summary>
    public sealed class GlobalAvgPoolAttribute : LayerAttribute { }

    /// <summary>Adaptive average pooling to a fixed output size.</summary>
    public sealed class AdaptiveAvgPoolAttribute : LayerAttribute
    {
        /// <summary>Pools to <paramref name="size"/> x <paramref name="size"/>.</summary>
        public AdaptiveAvgPoolAttribute(object size) { Height = size; Width = size; }
        /// <summary>Pools to <paramref name="height"/> x <paramref name="width"/>.</summary>
        public AdaptiveAvgPoolAttribute(object height, object width) { Height = height; Width = width; }
        /// <summary>Output height: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Height { get; }
        /// <summary>Output width: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Width { get; }
    }

    /// <summary>Adaptive max pooling to a fixed output size (SPPNet's pyramid levels, torchvision's AdaptiveMaxPool2d).</summary>
    public sealed class AdaptiveMaxPoolAttribute : LayerAttribute
    {
        /// <summary>Pools to <paramref name="size"/> x <paramref name="size"/>.</summary>
        public AdaptiveMaxPoolAttribute(object size) { Height = size; Width = size; }
        /// <summary>Pools to <paramref name="height"/> x <paramref name="width"/>.</summary>
        public AdaptiveMaxPoolAttribute(object height, object width) { Height = height; Width = width; }
        /// <summary>Output height: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Height { get; }
        /// <summary>Output width: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Width { get; }
    }

    /// <summary>CxHxW → a flat vector of C·H·W features.</summary>
    public sealed class FlattenAttribute : LayerAttribute { }

    /// <summary>Dropout: zeroes each element with probability <see cref="P"/> in training (scaling the rest), identity in eval.</summary>
    public sealed class DropoutAttribute : LayerAttribute
    {
        /// <summary>Dropout with p = 0.5 (PyTorch's default).</summary>
        public DropoutAttribute() { P = 0.5; }
        /// <summary>Dropout with probability <paramref name="p"/>.</summary>
        public DropoutAttribute(object p) { P = p; }
        /// <summary>The probability of zeroing an element (a whole channel for Dropout2d), in [0, 1).</summary>
        public object P { get; }
    }

    /// <summary>ShuffleNet's channel shuffle: the channels, read as Groups rows, are transposed (PyTorch's ChannelShuffle).</summary>
    public sealed class ChannelShuffleAttribute : LayerAttribute
    {
        /// <summary>A shuffle of the channels in <paramref name="groups"/> groups.</summary>
        public ChannelShuffleAttribute(object groups) { Groups = groups; }
        /// <summary>The number of groups; it must divide the channels.</summary>
        public object Groups { get; }
    }

    /// <summary>
    /// Part <see cref="Index"/> (from 0) of the channels cut into <see cref="Parts"/> equal parts (<c>x.chunk(parts, 1)[index]</c>);
    /// in a [Branches] block, members starting with [Split(2, 0)] and [Split(2, 1)] each take one half (ShuffleNetV2).
    /// </summary>
    public sealed class SplitAttribute : LayerAttribute
    {
        /// <summary>Part <paramref name="index"/> of the channels cut into <paramref name="parts"/> equal parts.</summary>
        public SplitAttribute(object parts, object index) { Parts = parts; Index = index; }
        /// <summary>How many equal parts the channels are cut into; it must divide them.</summary>
        public object Parts { get; }
        /// <summary>Which part (from 0) the layer passes on.</summary>
        public object Index { get; }
    }

    /// <summary>
    /// Views each sample as another shape, the batch axis kept (<c>x.reshape(x.size(0), …)</c>): <c>[Reshape("64x7x7")]</c>
    /// after a Linear (a decoder's head), <c>[Reshape("16x64")]</c> to read a map as a CxL one. One size may be -1 (inferred);
    /// the element count is checked at compile time (ND0026).
    /// </summary>
    public sealed class ReshapeAttribute : LayerAttribute
    {
        /// <summary>Reshapes each sample to <paramref name="shape"/> ("CxHxW", "CxL" or "N"), a string or a string parameter.</summary>
        public ReshapeAttribute(object shape) { Shape = shape; }
        /// <summary>The sample's new shape: sizes joined by x, one of them may be -1.</summary>
        public object Shape { get; }
    }

    /// <summary>Reorders the axes as torch's permute over N x C x H x W, batch first: (0, 2, 3, 1) is channels-last, (0, 3, 1, 2) back.</summary>
    public sealed class PermuteAttribute : LayerAttribute
    {
        /// <summary>The new order of the axes N, C, H, W (0 to 3; the batch axis stays first).</summary>
        public PermuteAttribute(object d0, object d1, object d2, object d3) { D0 = d0; D1 = d1; D2 = d2; D3 = d3; }
        /// <summary>The axis that becomes axis 0 (must be 0, the batch).</summary>
        public object D0 { get; }
        /// <summary>The axis that becomes axis 1.</summary>
        public object D1 { get; }
        /// <summary>The axis that becomes axis 2.</summary>
        public object D2 { get; }
        /// <summary>The axis that becomes axis 3.</summary>
        public object D3 { get; }
    }

    /// <summary>LayerNorm over the last axis (features of a vector; channels after [Permute(0, 2, 3, 1)]).</summary>
    public sealed class LayerNormAttribute : LayerAttribute
    {
        /// <summary>Pins the normalised size so the checker verifies it; inferred when null.</summary>
        public object? In { get; set; }
        /// <summary>Added to the variance for numerical stability.</summary>
        public object Eps { get; set; } = 1e-5;
    }

    /// <summary>LayerNorm over the channels at each position of a map (torchvision's LayerNorm2d; ConvNeXt uses Eps = 1e-6).</summary>
    public sealed class LayerNorm2dAttribute : LayerAttribute
    {
        /// <summary>Pins the normalised size so the checker verifies it; inferred when null.</summary>
        public object? In { get; set; }
        /// <summary>Added to the variance for numerical stability.</summary>
        public object Eps { get; set; } = 1e-5;
    }

    /// <summary>
    /// Stochastic depth (Huang et al., 2016; torchvision's StochasticDepth): in training drops whole samples (row mode) or the
    /// whole batch (batch mode) with probability p and scales what is kept by 1 / (1 - p); the identity in eval.
    /// </summary>
    public sealed class StochasticDepthAttribute : LayerAttribute
    {
        /// <summary>Stochastic depth dropping a sample's whole path with probability <paramref name="p"/>.</summary>
        public StochasticDepthAttribute(object p) { P = p; }
        /// <summary>The probability of dropping a sample's path in training, in [0, 1).</summary>
        public object P { get; }
        /// <summary>
        /// "row" (default): one draw per sample, torchvision's mode="row"; "batch": one draw for the whole batch, which is
        /// either all dropped or all kept (mode="batch"). Anything else is ND0013.
        /// </summary>
        public string Mode { get; set; } = "row";
    }

    /// <summary>
    /// A fixed per-channel affine map, <c>y[:, c] = x[:, c] · scale[c] + shift[c]</c>, with no parameters (nothing in the
    /// state dict): input re-normalisation inside the model, such as torchvision's Inception v3 <c>transform_input</c>
    /// (<c>[ChannelAffine("0.458, 0.448, 0.45", "-0.03, -0.088, -0.188", Enabled = nameof(transformInput))]</c>) or a
    /// <c>Normalize(mean, std)</c> (scale 1/std, shift -mean/std). Exported to ONNX as Mul and Add, to PyTorch as a
    /// <c>ChannelAffine</c> module of model.py.
    /// </summary>
    public sealed class ChannelAffineAttribute : LayerAttribute
    {
        /// <summary>
        /// The map with the comma-separated <paramref name="scale"/> and <paramref name="shift"/> lists: one number per input
        /// channel, or one for all (a string parameter's name works too); a count that differs from the channels is ND0013.
        /// </summary>
        public ChannelAffineAttribute(object scale, object shift) { Scale = scale; Shift = shift; }
        /// <summary>The factors, comma-separated: one per channel, or one for all.</summary>
        public object Scale { get; }
        /// <summary>The offsets added after scaling, comma-separated: one per channel, or one for all.</summary>
        public object Shift { get; }
        /// <summary>Whether the map is applied (true or false, or a bool parameter); false makes the layer the identity.</summary>
        public object Enabled { get; set; } = true;
    }

    /// <summary>ReLU: max(0, x), in place after a layer whose output nothing else reads.</summary>
    public sealed class ReLUAttribute : LayerAttribute { }
    /// <summary>ReLU6: min(max(0, x), 6).</summary>
    public sealed class ReLU6Attribute : LayerAttribute { }
    /// <summary>Sigmoid: 1 / (1 + e^-x).</summary>
    public sealed class SigmoidAttribute : LayerAttribute { }
    /// <summary>Hyperbolic tangent.</summary>
    public sealed class TanhAttribute : LayerAttribute { }
    /// <summary>GELU (exact form, PyTorch's default).</summary>
    public sealed class GELUAttribute : LayerAttribute { }
    /// <summary>SiLU (swish): x · sigmoid(x).</summary>
    public sealed class SiLUAttribute : LayerAttribute { }
    /// <summary>Hardswish: x · ReLU6(x + 3) / 6.</summary>
    public sealed class HardswishAttribute : LayerAttribute { }

    /// <summary>The activation named by <c>kind</c>: an <see cref="Act"/>, or a block parameter of type Act (nameof(act)).</summary>
    public sealed class ActivationAttribute : LayerAttribute
    {
        /// <summary>The activation <paramref name="kind"/>: an <see cref="Act"/> or nameof a block parameter of type Act.</summary>
        public ActivationAttribute(object kind) { Kind = kind; }
        /// <summary>The <see cref="Act"/>, or the name of a block parameter holding one.</summary>
        public object Kind { get; }
    }
    /// <summary>Hardsigmoid: ReLU6(x + 3) / 6.</summary>
    public sealed class HardsigmoidAttribute : LayerAttribute { }

    /// <summary>Mish: x · tanh(softplus(x)) (YOLOv4, CSPDarknet).</summary>
    public sealed class MishAttribute : LayerAttribute { }

    /// <summary>Hardtanh: x clamped to [min, max] (PyTorch's nn.Hardtanh; min must be under max, ND0013 otherwise).</summary>
    public sealed class HardtanhAttribute : LayerAttribute
    {
        /// <summary>Hardtanh to [-1, 1] (PyTorch's default).</summary>
        public HardtanhAttribute() { Min = -1.0; Max = 1.0; }
        /// <summary>Hardtanh to [<paramref name="min"/>, <paramref name="max"/>]: constants, parameters (nameof) or expressions.</summary>
        public HardtanhAttribute(object min, object max) { Min = min; Max = max; }
        /// <summary>The lower bound (PyTorch's min_val).</summary>
        public object Min { get; }
        /// <summary>The upper bound (PyTorch's max_val).</summary>
        public object Max { get; }
    }

    /// <summary>Leaky ReLU: x for x ≥ 0, slope · x below.</summary>
    public sealed class LeakyReLUAttribute : LayerAttribute
    {
        /// <summary>Leaky ReLU with slope 0.01 (PyTorch's default).</summary>
        public LeakyReLUAttribute() { Slope = 0.01; }
        /// <summary>Leaky ReLU with negative <paramref name="slope"/>.</summary>
        public LeakyReLUAttribute(object slope) { Slope = slope; }
        /// <summary>The slope for negative inputs.</summary>
        public object Slope { get; }
    }

    /// <summary>
    /// Count instances of a block in a Sequential named "0", "1", …. Block arguments are positional, or named in
    /// <see cref="Args"/>; <see cref="First"/> gives the first instance other values (torchvision's _make_layer:
    /// <c>[Repeat(4, typeof(Bottleneck), 128, First = "stride: 2")]</c>).
    /// </summary>
    public sealed class RepeatAttribute : LayerAttribute
    {
        /// <paramref name="count"/> instances of <paramref name="block"/>, each given <paramref name="arguments"/> positionally.
        public RepeatAttribute(object count, Type block, params object[] arguments) { Count = count; Block = block; Arguments = arguments; }
        /// <summary>How many instances: a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Count { get; }
        /// <summary>The [Block] class instantiated.</summary>
        public Type Block { get; }
        /// <summary>The block's positional arguments, each a constant, parameter or expression.</summary>
        public object[] Arguments { get; }

        /// <summary>Instance names are <see cref="Prefix"/> + index ("denselayer1", …); the default is "0", "1", ….</summary>
        public string Prefix { get; set; } = "";

        /// <summary>The first instance's index in its name (torchvision's DenseNet counts from 1).</summary>
        public int Start { get; set; }

        /// <summary>Block arguments by name, after any positional ones: "channels: 64, kernel: 3, act: Hardswish".</summary>
        public string Args { get; set; } = "";

        /// <summary>Values only the first instance takes, by name ("stride: 2"); later instances keep Args, positional or the default.</summary>
        public string First { get; set; } = "";
    }

    /// <summary>One instance of a block as this member.</summary>
    public sealed class UseAttribute : LayerAttribute
    {
        /// <summary>One instance of <paramref name="block"/>, given <paramref name="arguments"/> positionally.</summary>
        public UseAttribute(Type block, params object[] arguments) { Block = block; Arguments = arguments; }
        /// <summary>The [Block] class instantiated.</summary>
        public Type Block { get; }
        /// <summary>The block's positional arguments, each a constant, parameter or expression.</summary>
        public object[] Arguments { get; }

        /// <summary>Block arguments by name, after any positional ones: "channels: 32, kernel: 3, stride: 2".</summary>
        public string Args { get; set; } = "";
    }

    /// <summary>
    /// A VGG-style feature stack from a spec such as "64 64 M 128 128 M": each number is a
    /// convolution (+ BatchNorm when <see cref="BatchNorm"/>) + ReLU, each M a 2x2 max pool.
    /// Indices follow torchvision's Sequential numbering.
    /// </summary>
    public sealed class ConvStackAttribute : LayerAttribute
    {
        /// <summary>A stack from <paramref name="spec"/> ("64 64 M 128 M"), a string or a string parameter.</summary>
        public ConvStackAttribute(object spec) { Spec = spec; }
        /// <summary>The stack: numbers are convolutions to that many channels, M a 2x2 max pool.</summary>
        public object Spec { get; }
        /// <summary>Every convolution's kernel size (3, as VGG).</summary>
        public object Kernel { get; set; } = 3;
        /// <summary>Every convolution's padding (1, as VGG).</summary>
        public object Padding { get; set; } = 1;
        /// <summary>Whether each convolution is followed by BatchNorm (VGG's _bn variants).</summary>
        public object BatchNorm { get; set; } = false;
    }
}
