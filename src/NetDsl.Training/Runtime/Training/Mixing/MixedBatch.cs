using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A mixed training batch: its images, the two label sets and λ. The loss is cross-entropy against the soft targets
    /// λ·onehot(y) + (1−λ)·onehot(y_rolled), label-smoothed as torch's <c>cross_entropy(…, label_smoothing=ε)</c> smooths
    /// probability targets; training accuracy scores the dominant label (<see cref="Dominant"/>).
    /// </summary>
    internal sealed class MixedBatch(Tensor images, Tensor labels, Tensor rolledLabels, MixDraw draw, double labelSmoothing)
    {
        public Tensor Images => images;
        public Tensor Labels => labels;
        public Tensor RolledLabels => rolledLabels;
        public MixDraw Draw => draw;
        public double Lambda => draw.Lambda;

        /// <summary>The label that holds at least half of each target (λ ≥ ½: the sample's own, else its partner's), for training accuracy.</summary>
        public Tensor Dominant => Lambda >= 0.5 ? labels : rolledLabels;

        /// <summary>The soft targets <c>[batch, classes]</c> (float32, before smoothing).</summary>
        public Tensor SoftTargets(long classes)
        {
            using var scope = NewDisposeScope();
            using Scalar keep = Lambda.ToScalar(), take = (1 - Lambda).ToScalar();
            Tensor own = nn.functional.one_hot(labels, classes).to_type(ScalarType.Float32);
            Tensor partner = nn.functional.one_hot(rolledLabels, classes).to_type(ScalarType.Float32);
            return own.mul(keep).add_(partner.mul(take), alpha: Scalars.One).MoveToOuterDisposeScope();
        }

        /// <summary>Per-class loss weights (<see cref="TrainerOptions.ClassWeights"/>); null: unweighted.</summary>
        public System.Collections.Generic.IReadOnlyList<double>? ClassWeights { get; init; }

        /// <summary>Mean cross-entropy of <paramref name="logits"/> <c>[batch, classes]</c> against the (smoothed) soft targets.</summary>
        public Tensor Loss(Tensor logits) =>   // the targets and weights belong to the caller's dispose scope, as the loss does
            SoftCrossEntropy(logits, SoftTargets(logits.shape[1]), labelSmoothing, LossWeights.For(ClassWeights, logits));

        /// <summary>
        /// torch's cross-entropy with probability targets: −Σ w·t′·log_softmax(x) averaged over the batch, t′ = t·(1−ε) + ε/C,
        /// w the per-class <paramref name="weight"/> (torch does not divide by the weights for probability targets).
        /// </summary>
        public static Tensor SoftCrossEntropy(Tensor logits, Tensor targets, double labelSmoothing, Tensor? weight = null)
        {
            using var scope = NewDisposeScope();
            Tensor logProbabilities = nn.functional.log_softmax(logits.to_type(ScalarType.Float32), 1);
            Tensor t = targets;
            if (labelSmoothing > 0)
            {
                using Scalar keep = (1 - labelSmoothing).ToScalar(), spread = (labelSmoothing / logits.shape[1]).ToScalar();
                t = targets.mul(keep).add_(spread, alpha: Scalars.One);
            }
            Tensor terms = t.mul(logProbabilities);
            if (weight is not null) terms = terms.mul(weight.to_type(ScalarType.Float32).unsqueeze(0));
            return terms.sum(1).mean().neg().MoveToOuterDisposeScope();
        }
    }
}
