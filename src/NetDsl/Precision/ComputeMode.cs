using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// How generated forwards run their parameterised layers: the low-precision compute type (null: fp32) and, for
    /// the inference path, prepared weights (BatchNorm folded in, already cast) and the BatchNorms folded away.
    /// </summary>
    public sealed class ComputeMode
    {
        readonly Dictionary<nn.Module, (Tensor Weight, Tensor? Bias)>? prepared;
        readonly HashSet<nn.Module>? skipped;

        /// <param name="lowPrecision">Compute type of conv/linear, null for fp32.</param>
        /// <param name="fp32Between">Cast each conv/linear output back to fp32, so BatchNorm, activations and adds run in
        /// fp32 (more casts, fp32 memory traffic; what <see cref="For"/> gives bf16-mixed); false: they run in the
        /// low-precision type, as under autocast.</param>
        /// <param name="channelsLast">Run convolutions channels-last (NHWC storage, <see cref="MemoryLayout"/>): the input
        /// and the cast weights are laid out once per forward and the layout then carries through the network.</param>
        /// <param name="fp32Residual">Keep the residual stream in fp32: each add merge ([Residual], [Branches], links)
        /// widens a low-precision operand first (<see cref="Compute.Add"/>), while layers inside the body hand the low-precision type on.</param>
        public ComputeMode(ScalarType? lowPrecision, bool fp32Between = false, bool channelsLast = false, bool fp32Residual = false)
        {
            LowPrecision = lowPrecision;
            Fp32Between = fp32Between;
            ChannelsLast = channelsLast;
            Fp32Residual = fp32Residual;
        }

        internal ComputeMode(ScalarType? lowPrecision, Dictionary<nn.Module, (Tensor, Tensor?)> prepared, HashSet<nn.Module> skipped, bool channelsLast)
        {
            LowPrecision = lowPrecision;
            ChannelsLast = channelsLast;
            this.prepared = prepared;
            this.skipped = skipped;
        }

        /// <summary>Whether activations are cast back to fp32 between layers.</summary>
        public bool Fp32Between { get; }

        /// <summary>Whether residual adds widen their sum to fp32 (the stream between blocks stays fp32).</summary>
        public bool Fp32Residual { get; }

        /// <summary>Whether convolutions run channels-last (NHWC storage) where <see cref="MemoryLayout.UsableOn"/> allows.</summary>
        public bool ChannelsLast { get; }

        /// <summary>Null: conv/linear run in fp32.</summary>
        public ScalarType? LowPrecision { get; }

        /// <summary>
        /// The compute mode of <paramref name="precision"/> (null for plain fp32 NCHW). bf16-mixed hands every conv/linear
        /// output on in fp32 (<see cref="Fp32Between"/>): with BatchNorm outputs, activations and residual adds in bf16,
        /// as under autocast, ResNet-18's one-epoch card run (3x32x32) ended 2.0–5.6 points under fp32 on four seeds of
        /// four (0.853/0.844/0.811/0.814 against 0.876/0.864/0.864/0.870) with a 15–30% higher final training loss; with
        /// them in fp32, 0.7, 0.0, 1.7 and 1.8 points under. BatchNorm computing in fp32 while its output went back to
        /// bf16 did not help (0.800, 0.713 on seeds 3 and 4), so it is the 8-bit activations between layers, the residual
        /// stream's among them, that slow training. It costs speed: the training step (batch 32, 2-core Zen 5), bf16 /
        /// fp32 0.924 → 0.955 at 3x32x32 and 0.724 → 0.788 at 3x64x64. fp16-mixed (11-bit significand) keeps autocast's
        /// rule; the inference path keeps bf16 activations (bf16-trained weights scored the same there as in fp32).
        /// <c>new ComputeMode(ScalarType.BFloat16)</c> under <see cref="Compute.Use"/> gives autocast's rule for training.
        /// </summary>
        public static ComputeMode? For(Precision precision, bool channelsLast = false) =>
            precision.ComputeType() is ScalarType type ? new ComputeMode(type, fp32Between: type == ScalarType.BFloat16, channelsLast: channelsLast)
            : channelsLast ? new ComputeMode(null, channelsLast: true) : null;

        /// <summary>
        /// Whether <paramref name="layer"/> stays in fp32 under a low-precision mode: depthwise convolutions (one input
        /// channel per group) on the CPU. They are memory-bound (one multiply-add per weight and position), so bf16 has
        /// no arithmetic to save there, and oneDNN's bf16 depthwise kernels made whole networks slower than fp32: the
        /// training step at batch 32, bf16-mixed / fp32, MobileNetV2 1.28 at 3x32x32 and 1.25 at 3x64x64, EfficientNet-B0
        /// 1.21 at 3x32x32; with these kept fp32 (output fp32 too, so the BatchNorm and activation after them run fp32)
        /// 0.96, 0.93 and 0.98 (2-core Zen 5 with AVX512-BF16). Autocast's lists have no such exception; on CUDA they
        /// follow the mode.
        /// </summary>
        internal static bool KeepsFp32(nn.Module layer, TorchSharp.DeviceType device) =>
            device == TorchSharp.DeviceType.CPU && layer is Conv2d conv && conv.groups > 1 && conv.weight is { } w && w.shape[1] == 1;

        /// <summary>
        /// The weight and bias a layer computes with: prepared ones (inference), else its parameters cast to the compute
        /// type (left fp32 where <paramref name="fp32"/>); a convolution's weight narrowed to <paramref name="trim"/>'s
        /// taps first where given.
        /// </summary>
        internal (Tensor Weight, Tensor? Bias) Weights(nn.Module layer, Tensor weight, Tensor? bias, KernelTrim? trim = null, bool fp32 = false)
        {
            if (prepared != null && prepared.TryGetValue(layer, out var p)) return (trim?.Weight(p.Weight) ?? p.Weight, p.Bias);
            weight = trim?.Weight(weight) ?? weight;
            var (w, b) = LowPrecision is ScalarType t && !fp32 ? (weight.to(t), bias?.to(t)) : (weight, bias);
            return (ChannelsLast && MemoryLayout.UsableOn(w.device_type) ? MemoryLayout.ChannelsLast(w) : w, b);
        }

        /// <summary>The input in the compute type (fp32 where <paramref name="fp32"/>), channels-last where the mode says.</summary>
        internal Tensor Input(Tensor x, bool fp32 = false)
        {
            var type = fp32 ? ScalarType.Float32 : LowPrecision;
            if (type is ScalarType t && x.dtype != t) x = x.to(t);
            return ChannelsLast && MemoryLayout.UsableOn(x.device_type) ? MemoryLayout.ChannelsLast(x) : x;
        }

        internal Tensor Result(Tensor y) => Fp32Between && y.dtype != ScalarType.Float32 ? y.to(ScalarType.Float32) : y;

        /// <summary>A BatchNorm whose affine transform was folded into the convolution before it.</summary>
        internal bool IsFolded(nn.Module norm) => skipped != null && skipped.Contains(norm);
    }
}
