using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// AdamW (decoupled weight decay) with PyTorch's update rule: p -= lr·wd·p; m = β1·m + (1-β1)·g;
    /// v = β2·v + (1-β2)·g²; p -= lr/(1-β1ᵗ) · m / (√v/√(1-β2ᵗ) + ε). Hand-written, like <see cref="MomentumSgd"/>,
    /// so its moments and step count save and restore exactly.
    /// <para>
    /// With <c>trustRatio</c> it is LAMB (You et al., 2020, as timm's <c>Lamb</c>): the same moments, but each decayed
    /// parameter's step u = m̂/(√v̂+ε) + wd·p is rescaled to ‖p‖/‖u‖ before p -= lr·(‖p‖/‖u‖)·u, so every layer moves by
    /// the same fraction lr of its own norm whatever its width. Adam's per-weight step does not shrink with fan-in, so
    /// in very wide layers (RegNetY-128GF's 7,392-channel stage) one step changes the layer's output by more than its
    /// size. Norms and biases (no decay) take plain Adam steps, as in timm.
    /// </para>
    /// </summary>
    internal sealed class AdamWOptimizer : IOptimizer
    {
        const string First = "exp_avg", Second = "exp_avg_sq";
        readonly List<TrainableParameter> parameters;
        readonly Dictionary<string, Tensor> state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        readonly ScratchBuffer scratch;

        public AdamWOptimizer(nn.Module model, double learningRate, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
            bool exemptNormsAndBiases = true, LearningRateScales? scales = null, bool trustRatio = false)
        {
            if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must not be negative");
            if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1)");
            if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1)");
            parameters = ParameterGroups.Of(model, exemptNormsAndBiases, scales);
            scratch = new ScratchBuffer(parameters);
            LearningRate = learningRate;
            WeightDecay = weightDecay;
            Beta1 = beta1;
            Beta2 = beta2;
            Epsilon = epsilon;
            TrustRatio = trustRatio;
        }

        public string Kind => TrustRatio ? "lamb" : "adamw";
        /// <summary>LAMB's layer-wise trust ratio on decayed parameters (see the class comment).</summary>
        public bool TrustRatio { get; }
        public double LearningRate { get; set; }
        public double WeightDecay { get; }
        public double Beta1 { get; }
        public double Beta2 { get; }
        public double Epsilon { get; }
        public long StepCount { get; set; }
        public IReadOnlyDictionary<string, Tensor> State => state;

        public void Step()
        {
            using var noGrad = no_grad();
            long t = StepCount + 1;
            double correction1 = 1 - Math.Pow(Beta1, t), correction2 = 1 - Math.Pow(Beta2, t);
            // Every Scalar explicit and disposed: implicit conversions leak native memory until finalization.
            // √(1-β2ᵗ) is folded into the step and ε: lr/(1-β1ᵗ) · m / (√v/√(1-β2ᵗ) + ε) = lr·√(1-β2ᵗ)/(1-β1ᵗ) · m / (√v + ε·√(1-β2ᵗ)),
            // so the denominator takes three passes over a reused buffer (copy, sqrt, add) and no allocation.
            double root2 = Math.Sqrt(correction2);
            // A parameter group's rate scale multiplies both the step and the decoupled decay (PyTorch's group lr).
            double Shrink(double scale) => 1 - scale * LearningRate * WeightDecay;
            double StepSize(double scale) => -scale * LearningRate * root2 / correction1;
            using Scalar shrink = Shrink(1).ToScalar(), beta1 = Beta1.ToScalar(), beta2 = Beta2.ToScalar(),
                keep1 = (1 - Beta1).ToScalar(), keep2 = (1 - Beta2).ToScalar(),
                epsilon = (Epsilon * root2).ToScalar(), step = StepSize(1).ToScalar(),
                unbias = (root2 / correction1).ToScalar(), decay = WeightDecay.ToScalar();   // LAMB's
            foreach (var (name, parameter, decays, scale) in parameters)
            {
                using Tensor? grad = parameter.grad;
                if (grad is null) continue;
                Tensor m = Moment(First + "/" + name, parameter), v = Moment(Second + "/" + name, parameter);
                m.mul_(beta1).add_(grad, alpha: keep1);
                v.mul_(beta2).addcmul_(grad, grad, value: keep2);
                if (TrustRatio && decays)
                {
                    TrustedStep(parameter, m, v, epsilon, unbias, decay, scale);
                    continue;
                }
                using Scalar? groupShrink = scale == 1 ? null : Shrink(scale).ToScalar();
                using Scalar? groupStep = scale == 1 ? null : StepSize(scale).ToScalar();
                if (decays && WeightDecay != 0) parameter.mul_(groupShrink ?? shrink);
                using Tensor denominator = scratch.Like(v);
                denominator.copy_(v).sqrt_().add_(epsilon, Scalars.One);
                parameter.addcdiv_(m, denominator, value: groupStep ?? step);
            }
            StepCount = t;
        }

        /// <summary>LAMB's step: u = m̂/(√v̂+ε) + wd·p (ε already scaled by √(1-β2ᵗ), <paramref name="unbias"/> = √(1-β2ᵗ)/(1-β1ᵗ)), then p -= lr·(‖p‖/‖u‖)·u.</summary>
        void TrustedStep(Tensor parameter, Tensor m, Tensor v, Scalar epsilon, Scalar unbias, Scalar decay, double scale)
        {
            using Tensor update = scratch.Like(v);
            update.copy_(v).sqrt_().add_(epsilon, Scalars.One).reciprocal_().mul_(m).mul_(unbias);
            if (WeightDecay != 0) update.add_(parameter, alpha: decay);
            // Norms in double on the host: one sync per parameter, which LAMB's per-layer ratio needs anyway.
            using Tensor weightNorm = parameter.norm(), updateNorm = update.norm();
            double w = weightNorm.item<float>(), u = updateNorm.item<float>();
            double ratio = w > 0 && u > 0 ? w / u : 1;
            using Scalar step = (-scale * LearningRate * ratio).ToScalar();
            parameter.add_(update, alpha: step);
        }

        Tensor Moment(string key, Tensor parameter)
        {
            if (!state.TryGetValue(key, out Tensor? moment)) state[key] = moment = zeros_like(parameter).DetachFromDisposeScope();
            return moment;
        }

        public void SetState(string key, Tensor value)
        {
            var parameter = ParameterGroups.Find(parameters, key, value, out string buffer).Parameter;
            if (buffer is not (First or Second)) throw new ArgumentException($"AdamW has no state '{key}'", nameof(key));
            if (state.Remove(key, out Tensor? old)) old.Dispose();
            state[key] = value.to(parameter.dtype, parameter.device, copy: true).DetachFromDisposeScope();
        }

        public void Dispose()
        {
            scratch.Dispose();
            foreach (var tensor in state.Values) tensor.Dispose();
            state.Clear();
        }
    }
}
