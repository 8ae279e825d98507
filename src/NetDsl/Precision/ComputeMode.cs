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

        public ComputeMode(ScalarType? lowPrecision) { LowPrecision = lowPrecision; }

        internal ComputeMode(ScalarType? lowPrecision, Dictionary<nn.Module, (Tensor, Tensor?)> prepared, HashSet<nn.Module> skipped)
        {
            LowPrecision = lowPrecision;
            this.prepared = prepared;
            this.skipped = skipped;
        }

        /// <summary>Null: conv/linear run in fp32.</summary>
        public ScalarType? LowPrecision { get; }

        public static ComputeMode? For(Precision precision) =>
            precision.ComputeType() is ScalarType type ? new ComputeMode(type) : null;

        /// <summary>The weight and bias a layer computes with: prepared ones (inference), else its parameters cast to the compute type.</summary>
        internal (Tensor Weight, Tensor? Bias) Weights(nn.Module layer, Tensor weight, Tensor? bias)
        {
            if (prepared != null && prepared.TryGetValue(layer, out var p)) return p;
            return LowPrecision is ScalarType t ? (weight.to(t), bias?.to(t)) : (weight, bias);
        }

        internal Tensor Input(Tensor x) => LowPrecision is ScalarType t && x.dtype != t ? x.to(t) : x;

        /// <summary>A BatchNorm whose affine transform was folded into the convolution before it.</summary>
        internal bool IsFolded(nn.Module norm) => skipped != null && skipped.Contains(norm);
    }
}
