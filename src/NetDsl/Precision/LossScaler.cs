using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Dynamic loss scaling for fp16-mixed (as PyTorch's GradScaler): the loss is multiplied by <see cref="Scale"/>
    /// before backward so small fp16 gradients do not flush to zero; gradients are divided back before the step. A
    /// step whose gradients hold inf/NaN is skipped and the scale halved; after <see cref="GrowthInterval"/> finite
    /// steps in a row it doubles. bf16 needs none of this (fp32's exponent range).
    /// </summary>
    public sealed class LossScaler
    {
        /// <summary>A scaler starting at <paramref name="initialScale"/>, as PyTorch's GradScaler defaults.</summary>
        public LossScaler(double initialScale = 65536, double growthFactor = 2, double backoffFactor = 0.5, int growthInterval = 2000)
        {
            if (initialScale <= 0 || growthFactor <= 1 || backoffFactor <= 0 || backoffFactor >= 1 || growthInterval < 1)
                throw new System.ArgumentException("loss scaler: scale > 0, growth > 1, 0 < backoff < 1, interval ≥ 1");
            Scale = initialScale;
            GrowthFactor = growthFactor;
            BackoffFactor = backoffFactor;
            GrowthInterval = growthInterval;
        }

        /// <summary>The current loss scale.</summary>
        public double Scale { get; private set; }
        /// <summary>What the scale is multiplied by after GrowthInterval finite steps.</summary>
        public double GrowthFactor { get; }
        /// <summary>What the scale is multiplied by after a step with inf/NaN gradients.</summary>
        public double BackoffFactor { get; }
        /// <summary>Finite steps in a row before the scale grows.</summary>
        public int GrowthInterval { get; }

        /// <summary>Finite steps since the scale last changed.</summary>
        public int GoodSteps { get; private set; }

        /// <summary>Steps skipped because of inf/NaN gradients.</summary>
        public long SkippedSteps { get; private set; }

        /// <summary>The loss times the current scale, to call backward on.</summary>
        public Tensor ScaleLoss(Tensor loss)
        {
            using var scale = Scale.ToScalar();
            return loss.mul(scale);
        }

        /// <summary>Divides every gradient by the scale in place; false when any is inf or NaN (then skip the step).</summary>
        public bool Unscale(IEnumerable<Tensor> parameters)
        {
            using var noGrad = no_grad();
            bool finite = true;
            using var inverse = (1.0 / Scale).ToScalar();
            foreach (var p in parameters)
            {
                using var grad = p.grad;
                if (grad is null) continue;
                grad.mul_(inverse);
                if (finite && !grad.isfinite().all().item<bool>()) finite = false;
            }
            return finite;
        }

        /// <summary>After each step: backs off on overflow (and counts the skip), grows after a run of finite steps.</summary>
        public void Update(bool finite)
        {
            if (!finite)
            {
                Scale *= BackoffFactor;
                GoodSteps = 0;
                SkippedSteps++;
                return;
            }
            if (++GoodSteps < GrowthInterval) return;
            Scale *= GrowthFactor;
            GoodSteps = 0;
        }

        /// <summary>What a checkpoint keeps so a resumed fp16 run goes on with the same scale.</summary>
        public LossScaleState State => new LossScaleState(Scale, GoodSteps, SkippedSteps);

        /// <summary>For checkpoints: restores the scale and the run of finite steps.</summary>
        public void Restore(double scale, int goodSteps, long skippedSteps)
        {
            if (!(scale > 0) || double.IsInfinity(scale) || goodSteps < 0 || skippedSteps < 0)
                throw new System.ArgumentException($"loss scaler: cannot restore scale {scale}, {goodSteps} good steps, {skippedSteps} skipped (scale > 0 and finite, counts ≥ 0)");
            Scale = scale;
            GoodSteps = goodSteps;
            SkippedSteps = skippedSteps;
        }

        /// <summary>For checkpoints: restores a <see cref="State"/>.</summary>
        public void Restore(LossScaleState state) => Restore(state.Scale, state.GoodSteps, state.SkippedSteps);
    }

    /// <summary>A <see cref="LossScaler"/>'s state: the scale, the finite steps since it last changed, the steps skipped.</summary>
    public sealed record LossScaleState(double Scale, int GoodSteps, long SkippedSteps);
}
