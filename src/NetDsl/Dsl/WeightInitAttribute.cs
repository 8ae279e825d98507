using System;

namespace NetDsl
{
    /// <summary>How <see cref="WeightInitAttribute"/> initialises one kind of weight.</summary>
    public enum InitRule
    {
        /// <summary>The layer's own initialisation (PyTorch's default: Kaiming-uniform with a = √5, the bias uniform in ±1/√fan_in).</summary>
        Default,
        /// <summary>Normal with std √(2/fan_out) (torchvision's <c>kaiming_normal_(mode="fan_out", nonlinearity="relu")</c>).</summary>
        KaimingNormalFanOut,
        /// <summary>Normal with std √(2/fan_in) (<c>kaiming_normal_</c> with its defaults).</summary>
        KaimingNormalFanIn,
        /// <summary>Uniform in ±√(6/fan_in) (<c>kaiming_uniform_</c> with its defaults).</summary>
        KaimingUniformFanIn,
        /// <summary>Uniform in ±1/√fan_out, the weight's output count (torchvision's EfficientNet classifier; MNASNet's).</summary>
        UniformFanOut,
        /// <summary>Normal with mean 0 and the stated std.</summary>
        Normal,
        /// <summary>Normal with mean 0 and the stated std, truncated to [-2, 2] (<c>trunc_normal_</c>'s default bounds, as torchvision calls it).</summary>
        TruncatedNormal,
        /// <summary>All zeros (FCN's class-scoring layers, which Long et al. zero-initialise).</summary>
        Zeros,
        /// <summary>
        /// Bilinear interpolation: channel i to channel i through the bilinear kernel of the layer's size, others zero (FCN's
        /// upsampling layers, Caffe's <c>bilinear</c> filler); a transposed convolution so initialised upsamples bilinearly.
        /// </summary>
        Bilinear,
    }

    /// <summary>
    /// A network's weight initialisation, applied once after its layers are built (before any weights are loaded): the
    /// per-family init code of torchvision's model classes, so a zoo model trains from scratch as torchvision's does.
    /// Convolutions (2-D, transposed, 1-D) take <see cref="Conv"/>, linear layers <see cref="Linear"/>, and the layers
    /// that produce the network's output <see cref="Head"/> when stated. BatchNorm and LayerNorm keep
    /// weight 1 and bias 0 (their own initialisation). Without the attribute every layer keeps PyTorch's default.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = true)]
    public sealed class WeightInitAttribute : Attribute
    {
        /// <summary>The rule for convolution weights.</summary>
        public InitRule Conv { get; set; }

        /// <summary>The std for <see cref="InitRule.Normal"/>/<see cref="InitRule.TruncatedNormal"/> convolutions.</summary>
        public double ConvStd { get; set; } = 0.01;

        /// <summary>The rule for linear-layer weights.</summary>
        public InitRule Linear { get; set; }

        /// <summary>The std for <see cref="InitRule.Normal"/>/<see cref="InitRule.TruncatedNormal"/> linear layers.</summary>
        public double LinearStd { get; set; } = 0.01;

        /// <summary>
        /// The rule for the head: the convolution or linear layers whose output reaches the network's output through
        /// weight-free ops only, found in the declared graph (SqueezeNet's final 1x1 convolution; both of LR-ASPP's
        /// classifiers; never an auxiliary head's layers). Default: as its kind.
        /// </summary>
        public InitRule Head { get; set; }

        /// <summary>The std for a <see cref="InitRule.Normal"/>/<see cref="InitRule.TruncatedNormal"/> head.</summary>
        public double HeadStd { get; set; } = 0.01;

        /// <summary>
        /// Rules for the layers under some module paths, as comma-separated "path: Rule" or "path: Rule(std)" entries:
        /// <c>"AuxLogits.conv1: TruncatedNormal(0.01), AuxLogits.fc: TruncatedNormal(0.001)"</c> (the <c>stddev</c>
        /// torchvision sets on Inception v3's auxiliary head), <c>"score_fr: Zeros, upscore2: Bilinear"</c> (FCN). A path is
        /// a state-dict prefix (a module and everything under it); the longest matching path wins, over <see cref="Head"/>
        /// and the kind's rule. A std left out is the kind's. A path that names no layer is an error when the network is built.
        /// </summary>
        public string? ByPath { get; set; }

        /// <summary>Biases of the layers a rule other than Default initialises start at zero (torchvision's <c>zeros_(m.bias)</c>).</summary>
        public bool ZeroBias { get; set; } = true;

        /// <summary>
        /// The BatchNorm that closes each added residual branch (<c>[Residual]</c> blocks) starts with scale 0, so every
        /// block starts as its shortcut and a deep stack trains like a shallow one at first: torchvision's
        /// <c>zero_init_residual=True</c>, timm's <c>zero_init_last</c> (Goyal et al., 2017). A branch that does not end
        /// in a BatchNorm keeps its initialisation.
        /// </summary>
        public bool ZeroInitResidual { get; set; }
    }
}
