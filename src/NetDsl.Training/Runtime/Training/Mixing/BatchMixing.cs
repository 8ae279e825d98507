using System;
using System.Collections.Generic;
using NetDsl.Runtime.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>Which mixing one batch gets.</summary>
    internal enum MixKind { Mixup, CutMix }

    /// <summary>
    /// One batch's draw: the kind, λ (for CutMix already corrected to 1 − box area / image area) and, for CutMix, the
    /// pasted box as half-open rows [Top, Bottom) and columns [Left, Right).
    /// </summary>
    internal readonly record struct MixDraw(MixKind Kind, double Lambda, int Top = 0, int Bottom = 0, int Left = 0, int Right = 0);

    /// <summary>
    /// Mixup (Zhang et al., 2018) and CutMix (Yun et al., 2019) of classification batches as torchvision's reference
    /// (RandomMixup/RandomCutmix with p = 1, one of them per batch with probability ½ when both are on): the partner of
    /// every sample is the batch rolled by one, λ ~ Beta(α, α). Every draw comes from a generator seeded by (seed, epoch,
    /// step in epoch), never torch's global one, so a run resumed mid-epoch mixes exactly as an uninterrupted one.
    /// </summary>
    internal sealed class BatchMixing
    {
        readonly double? mixupAlpha, cutMixAlpha;
        readonly double labelSmoothing;
        readonly IReadOnlyList<double>? classWeights;

        public BatchMixing(double? mixupAlpha, double? cutMixAlpha, double labelSmoothing = 0, IReadOnlyList<double>? classWeights = null)
        {
            this.classWeights = classWeights;
            this.mixupAlpha = mixupAlpha > 0 ? mixupAlpha : null;
            this.cutMixAlpha = cutMixAlpha > 0 ? cutMixAlpha : null;
            if (this.mixupAlpha == null && this.cutMixAlpha == null) throw new ArgumentException("mixing needs a Mixup or CutMix α above 0");
            this.labelSmoothing = labelSmoothing;
        }

        /// <summary>The mixing <paramref name="options"/> ask for (its loss weighted by <paramref name="classWeights"/>); null when neither α is above 0.</summary>
        public static BatchMixing? For(TrainerOptions options, IReadOnlyList<double>? classWeights = null) =>
            options.Mixes ? new BatchMixing(options.MixupAlpha, options.CutMixAlpha, options.LabelSmoothing, classWeights) : null;

        /// <summary>The draw of step <paramref name="step"/> (0-based, in the epoch) for images of <paramref name="height"/> × <paramref name="width"/>.</summary>
        public MixDraw Draw(int seed, int epoch, int step, long height, long width)
        {
            var random = SampleSeeds.ForBatchMix(seed, epoch, step);
            bool cutMix = mixupAlpha == null || (cutMixAlpha != null && random.NextDouble() >= 0.5);
            double lambda = BetaDraw.Symmetric(random, cutMix ? cutMixAlpha!.Value : mixupAlpha!.Value);
            if (!cutMix) return new MixDraw(MixKind.Mixup, lambda);
            // torchvision's RandomCutmix: a centre uniform over the pixels, half-sides r·W and r·H with r = ½√(1−λ), clipped.
            int cx = random.Next((int)width), cy = random.Next((int)height);
            double r = 0.5 * Math.Sqrt(1 - lambda);
            int halfW = (int)(r * width), halfH = (int)(r * height);
            int left = Math.Max(cx - halfW, 0), top = Math.Max(cy - halfH, 0);
            int right = (int)Math.Min(cx + halfW, width), bottom = (int)Math.Min(cy + halfH, height);
            double area = (double)(right - left) * (bottom - top) / ((double)width * height);
            return new MixDraw(MixKind.CutMix, 1 - area, top, bottom, left, right);
        }

        /// <summary>
        /// <paramref name="images"/> mixed as step <paramref name="step"/> of <paramref name="epoch"/> draws, with
        /// <paramref name="labels"/> (int64 class indices) as the soft targets' two parts. The tensors belong to the caller's dispose scope.
        /// </summary>
        public MixedBatch Mix(Tensor images, Tensor labels, int seed, int epoch, int step)
        {
            long height = images.dim() == 4 ? images.shape[2] : 1, width = images.dim() == 4 ? images.shape[3] : 1;
            var draw = Draw(seed, epoch, step, height, width);
            if (draw.Kind == MixKind.CutMix && images.dim() != 4)
                throw new ArgumentException($"TrainerOptions.CutMixAlpha (--cutmix) pastes a box of an image [batch, channels, height, width]; " +
                                            $"this batch is [{string.Join(", ", images.shape)}]; use MixupAlpha (--mixup) alone");
            return Apply(images, labels, draw);
        }

        /// <summary><paramref name="images"/> and <paramref name="labels"/> mixed as <paramref name="draw"/> says.</summary>
        public MixedBatch Apply(Tensor images, Tensor labels, MixDraw draw)
        {
            Tensor rolled = images.roll(1, 0);
            Tensor mixed;
            if (draw.Kind == MixKind.Mixup)
            {
                using Scalar keep = draw.Lambda.ToScalar(), take = (1 - draw.Lambda).ToScalar();
                mixed = images.mul(keep).add_(rolled.mul(take), alpha: Scalars.One);
            }
            else
            {
                mixed = images.clone();
                int h = draw.Bottom - draw.Top, w = draw.Right - draw.Left;
                if (h > 0 && w > 0)
                    using (no_grad())
                    using (var box = mixed.narrow(2, draw.Top, h).narrow(3, draw.Left, w))
                    using (var pasted = rolled.narrow(2, draw.Top, h).narrow(3, draw.Left, w))
                        box.copy_(pasted);
            }
            return new MixedBatch(mixed, labels, labels.roll(1, 0), draw, labelSmoothing) { ClassWeights = classWeights };
        }
    }
}
