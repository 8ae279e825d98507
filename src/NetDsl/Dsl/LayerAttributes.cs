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
        public ConvAttribute(object outChannels, object kernel) { OutChannels = outChannels; Kernel = kernel; }
        public object OutChannels { get; }
        public object Kernel { get; }
        public object Stride { get; set; } = 1;
        public object Padding { get; set; } = 0;
        public object Dilation { get; set; } = 1;
        public object Groups { get; set; } = 1;
        public object Bias { get; set; } = true;
        public object? In { get; set; }

        /// <summary>The window's width when it differs from <see cref="Kernel"/>, its height (1x7: Kernel = 1, KernelW = 7).</summary>
        public object? KernelW { get; set; }
        /// <summary>The width's stride when it differs from <see cref="Stride"/>.</summary>
        public object? StrideW { get; set; }
        /// <summary>The width's padding when it differs from <see cref="Padding"/> (1x7 same-size: Padding = 0, PaddingW = 3).</summary>
        public object? PaddingW { get; set; }
        /// <summary>The width's dilation when it differs from <see cref="Dilation"/>.</summary>
        public object? DilationW { get; set; }
    }

    /// <summary>
    /// Deformable convolution (Dai et al., 2017; with <see cref="Modulated"/>, v2 of Zhu et al., 2019): a
    /// convolution over positions shifted by offsets that a zero-initialised convolution predicts from the input.
    /// </summary>
    public sealed class DeformConvAttribute : LayerAttribute
    {
        public DeformConvAttribute(object outChannels, object kernel) { OutChannels = outChannels; Kernel = kernel; }
        public object OutChannels { get; }
        public object Kernel { get; }
        public object Stride { get; set; } = 1;
        public object Padding { get; set; } = 0;
        public object Dilation { get; set; } = 1;
        public object Groups { get; set; } = 1;
        public object Bias { get; set; } = true;
        public object Modulated { get; set; } = false;
        public object? In { get; set; }
        /// <summary>Square windows only: written, these must equal Kernel, Stride, Padding and Dilation (ND0013 otherwise).</summary>
        public object? KernelW { get; set; }
        public object? StrideW { get; set; }
        public object? PaddingW { get; set; }
        public object? DilationW { get; set; }
    }

    /// <summary>BatchNorm2d over the input's channels (inferred, or pinned with <see cref="In"/>).</summary>
    public sealed class BatchNormAttribute : LayerAttribute
    {
        public object? In { get; set; }

        /// <summary>Added to the variance (PyTorch's default 1e-5; GoogLeNet and Inception use 1e-3).</summary>
        public object Eps { get; set; } = 1e-5;

        /// <summary>Running-statistics momentum (PyTorch's default 0.1; EfficientNet and MobileNetV3 use 0.01).</summary>
        public object Momentum { get; set; } = 0.1;
    }

    /// <summary>Fully connected layer over a flat vector; in-features inferred or pinned with <see cref="In"/>.</summary>
    public sealed class LinearAttribute : LayerAttribute
    {
        public LinearAttribute(object outFeatures) { OutFeatures = outFeatures; }
        public object OutFeatures { get; }
        public object Bias { get; set; } = true;
        public object? In { get; set; }

        /// <summary>Map the last axis of a map (channels after [Permute(0, 2, 3, 1)]) instead of a flat vector.</summary>
        public object LastDim { get; set; } = false;
    }

    /// <summary>Square-window pooling: kernel, stride (defaults to the kernel, as in PyTorch), padding, ceil mode.</summary>
    public abstract class PoolAttribute : LayerAttribute
    {
        protected PoolAttribute(object kernel) { Kernel = kernel; }
        public object Kernel { get; }
        public object? Stride { get; set; }
        public object Padding { get; set; } = 0;
        public object CeilMode { get; set; } = false;
    }

    public sealed class MaxPoolAttribute : PoolAttribute
    {
        public MaxPoolAttribute(object kernel) : base(kernel) { }
    }

    /// <summary>Average pooling; padded positions count in the average, as PyTorch's default.</summary>
    public sealed class AvgPoolAttribute : PoolAttribute
    {
        public AvgPoolAttribute(object kernel) : base(kernel) { }
    }

    /// <summary>Average over all spatial positions: CxHxW → Cx1x1.</summary>
    public sealed class GlobalAvgPoolAttribute : LayerAttribute { }

    /// <summary>Adaptive average pooling to a fixed output size.</summary>
    public sealed class AdaptiveAvgPoolAttribute : LayerAttribute
    {
        public AdaptiveAvgPoolAttribute(object size) { Height = size; Width = size; }
        public AdaptiveAvgPoolAttribute(object height, object width) { Height = height; Width = width; }
        public object Height { get; }
        public object Width { get; }
    }

    /// <summary>Adaptive max pooling to a fixed output size (SPPNet's pyramid levels, torchvision's AdaptiveMaxPool2d).</summary>
    public sealed class AdaptiveMaxPoolAttribute : LayerAttribute
    {
        public AdaptiveMaxPoolAttribute(object size) { Height = size; Width = size; }
        public AdaptiveMaxPoolAttribute(object height, object width) { Height = height; Width = width; }
        public object Height { get; }
        public object Width { get; }
    }

    /// <summary>CxHxW → a flat vector of C·H·W features.</summary>
    public sealed class FlattenAttribute : LayerAttribute { }

    public sealed class DropoutAttribute : LayerAttribute
    {
        public DropoutAttribute() { P = 0.5; }
        public DropoutAttribute(object p) { P = p; }
        public object P { get; }
    }

    /// <summary>ShuffleNet's channel shuffle: the channels, read as Groups rows, are transposed (PyTorch's ChannelShuffle).</summary>
    public sealed class ChannelShuffleAttribute : LayerAttribute
    {
        public ChannelShuffleAttribute(object groups) { Groups = groups; }
        public object Groups { get; }
    }

    /// <summary>
    /// Part <see cref="Index"/> (from 0) of the channels cut into <see cref="Parts"/> equal parts (<c>x.chunk(parts, 1)[index]</c>);
    /// in a [Branches] block, members starting with [Split(2, 0)] and [Split(2, 1)] each take one half (ShuffleNetV2).
    /// </summary>
    public sealed class SplitAttribute : LayerAttribute
    {
        public SplitAttribute(object parts, object index) { Parts = parts; Index = index; }
        public object Parts { get; }
        public object Index { get; }
    }

    /// <summary>Reorders the axes as torch's permute over N x C x H x W, batch first: (0, 2, 3, 1) is channels-last, (0, 3, 1, 2) back.</summary>
    public sealed class PermuteAttribute : LayerAttribute
    {
        public PermuteAttribute(object d0, object d1, object d2, object d3) { D0 = d0; D1 = d1; D2 = d2; D3 = d3; }
        public object D0 { get; }
        public object D1 { get; }
        public object D2 { get; }
        public object D3 { get; }
    }

    /// <summary>LayerNorm over the last axis (features of a vector; channels after [Permute(0, 2, 3, 1)]).</summary>
    public sealed class LayerNormAttribute : LayerAttribute
    {
        public object? In { get; set; }
        public object Eps { get; set; } = 1e-5;
    }

    /// <summary>LayerNorm over the channels at each position of a map (torchvision's LayerNorm2d; ConvNeXt uses Eps = 1e-6).</summary>
    public sealed class LayerNorm2dAttribute : LayerAttribute
    {
        public object? In { get; set; }
        public object Eps { get; set; } = 1e-5;
    }

    /// <summary>Stochastic depth in row mode (Huang et al., 2016; torchvision's StochasticDepth): drops whole samples with probability p in training only.</summary>
    public sealed class StochasticDepthAttribute : LayerAttribute
    {
        public StochasticDepthAttribute(object p) { P = p; }
        public object P { get; }
    }

    public sealed class ReLUAttribute : LayerAttribute { }
    public sealed class ReLU6Attribute : LayerAttribute { }
    public sealed class SigmoidAttribute : LayerAttribute { }
    public sealed class TanhAttribute : LayerAttribute { }
    public sealed class GELUAttribute : LayerAttribute { }
    public sealed class SiLUAttribute : LayerAttribute { }
    public sealed class HardswishAttribute : LayerAttribute { }

    /// <summary>The activation named by <c>kind</c>: an <see cref="Act"/>, or a block parameter of type Act (nameof(act)).</summary>
    public sealed class ActivationAttribute : LayerAttribute
    {
        public ActivationAttribute(object kind) { Kind = kind; }
        public object Kind { get; }
    }
    public sealed class HardsigmoidAttribute : LayerAttribute { }

    public sealed class LeakyReLUAttribute : LayerAttribute
    {
        public LeakyReLUAttribute() { Slope = 0.01; }
        public LeakyReLUAttribute(object slope) { Slope = slope; }
        public object Slope { get; }
    }

    /// <summary>
    /// Count instances of a block in a Sequential named "0", "1", …. Block arguments are positional, or named in
    /// <see cref="Args"/>; <see cref="First"/> gives the first instance other values (torchvision's _make_layer:
    /// <c>[Repeat(4, typeof(Bottleneck), 128, First = "stride: 2")]</c>).
    /// </summary>
    public sealed class RepeatAttribute : LayerAttribute
    {
        public RepeatAttribute(object count, Type block, params object[] arguments) { Count = count; Block = block; Arguments = arguments; }
        public object Count { get; }
        public Type Block { get; }
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
        public UseAttribute(Type block, params object[] arguments) { Block = block; Arguments = arguments; }
        public Type Block { get; }
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
        public ConvStackAttribute(object spec) { Spec = spec; }
        public object Spec { get; }
        public object Kernel { get; set; } = 3;
        public object Padding { get; set; } = 1;
        public object BatchNorm { get; set; } = false;
    }
}
