using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>Logits <c>[B, K]</c> against int64 labels <c>[B]</c>: cross-entropy (optionally label-smoothed), top-1, top-5, confusion.</summary>
    internal sealed class ClassificationTask(double labelSmoothing = 0, IReadOnlyList<double>? classWeights = null) : ITrainingTask
    {
        public ModelTask Kind => ModelTask.Classification;
        public string MetricName => "accuracy";
        public double LabelSmoothing { get; } = labelSmoothing is >= 0 and < 1
            ? labelSmoothing
            : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label smoothing must be in [0, 1)");

        /// <summary>Per-class loss weights (<see cref="TrainerOptions.ClassWeights"/>); null: unweighted.</summary>
        public IReadOnlyList<double>? ClassWeights { get; } = classWeights;

        public Tensor Loss(Tensor output, Tensor images, Tensor targets) =>   // the weights belong to the caller's dispose scope, as the loss does
            nn.functional.cross_entropy(output, targets, weight: LossWeights.For(ClassWeights, output), label_smoothing: LabelSmoothing);

        public void CheckTargets(Tensor output, Tensor images, Tensor targets, string where)
        {
            TargetChecks.OfTask(targets, ModelTask.Classification, where);
            if (output.dim() != 2)
                throw new InvalidDataException($"{where}: a classifier's output must be [batch, classes], got [{string.Join(", ", output.shape)}]");
            TargetChecks.ClassIndices(targets, output.shape[1], where, "label");
        }

        /// <summary>The data's class names, for the per-class report's rows; null: every output, named <c>classK</c>.</summary>
        public IReadOnlyList<string>? ClassNames { get; set; }

        public IMetricAccumulator NewAccumulator(bool training) => new Accumulator(withConfusion: !training, ClassNames);

        /// <summary>Top-1 and top-5 counts; the confusion matrix (and the per-class report drawn from it) for evaluation.</summary>
        public sealed class Accumulator(bool withConfusion, IReadOnlyList<string>? classNames = null) : IMetricAccumulator
        {
            long seen, top1, top5;
            long classes;

            public ConfusionCounts? Confusion { get; private set; }

            /// <summary>Per-class precision, recall, F1 and support from <see cref="Confusion"/>; null while training.</summary>
            public ClassificationReport? Report => Confusion == null ? null : ClassificationReport.From(Confusion, classNames);

            public void Add(Tensor output, Tensor images, Tensor targets)
            {
                using var scope = NewDisposeScope();
                Tensor predicted = output.argmax(1);
                top1 += predicted.eq(targets).sum().item<long>();
                classes = output.shape[1];
                int k = (int)Math.Min(5, classes);
                top5 += output.topk(k, 1).indexes.eq(targets.unsqueeze(1)).any(1).sum().item<long>();
                seen += targets.shape[0];
                if (withConfusion)
                {
                    Confusion ??= new ConfusionCounts((int)output.shape[1]);
                    Confusion.Add(targets, predicted);
                }
            }

            public double Value => seen == 0 ? 0 : (double)top1 / seen;

            /// <summary>
            /// <c>top5</c>: the share of samples whose class is among the five most probable; NaN (an empty <c>test_top5</c> cell in
            /// <c>metrics.csv</c>, null in <c>metrics.json</c>, not printed) with five classes or fewer, where it is always 1 and means nothing.
            /// </summary>
            public IReadOnlyDictionary<string, double> Details =>
                new Dictionary<string, double> { ["top5"] = classes is > 0 and <= 5 ? double.NaN : seen == 0 ? 0 : (double)top5 / seen };

            public double[] Save() => new double[] { seen, top1, top5 };

            public void Restore(double[] state) => (seen, top1, top5) = ((long)state[0], (long)state[1], (long)state[2]);
        }
    }
}
