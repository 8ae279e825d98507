using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Data;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Logits <c>[B, K, H, W]</c> against int64 masks <c>[B, H, W]</c>: per-pixel cross-entropy; mean IoU over
    /// the classes present or predicted, pixel accuracy and per-class IoU from a pixel confusion matrix. A network
    /// whose output is smaller than its input by an even margin (the original U-Net's valid convolutions: 572 → 388)
    /// predicts the centre, so masks of the input's size (a mask folder's) are centre-cropped to the output; the
    /// shapes set gives such a network masks of its output's size instead (<see cref="OverlapTile"/>).
    /// A mask pixel of <see cref="Void"/> (255, Pascal VOC's border and "difficult" label) belongs to no class: the loss
    /// and the metrics leave it out, as torchvision's segmentation reference does (<c>ignore_index=255</c>).
    /// </summary>
    internal sealed class SegmentationTask(IReadOnlyList<string>? classNames = null, IReadOnlyList<double>? classWeights = null) : ITrainingTask
    {
        public ModelTask Kind => ModelTask.Segmentation;
        public string MetricName => "mIoU";

        /// <summary>The mask value that marks a pixel as belonging to no class (left out of loss and metrics).</summary>
        public const int Void = 255;

        public Tensor Loss(Tensor output, Tensor images, Tensor targets) =>   // the weights belong to the caller's dispose scope, as the loss does
            nn.functional.cross_entropy(output, CentreOf(targets, output), weight: LossWeights.For(classWeights, output), ignore_index: Void);

        /// <summary>The centre of the masks the size of the output (the masks themselves when the sizes agree).</summary>
        public static Tensor CentreOf(Tensor targets, Tensor output)
        {
            long h = output.shape[^2], w = output.shape[^1], top = (targets.shape[1] - h) / 2, left = (targets.shape[2] - w) / 2;
            return top == 0 && left == 0 ? targets : targets.narrow(1, top, h).narrow(2, left, w);
        }

        public void CheckTargets(Tensor output, Tensor images, Tensor targets, string where)
        {
            TargetChecks.OfTask(targets, ModelTask.Segmentation, where);
            if (output.dim() != 4 || targets.dim() != 3 || !OverlapTile.IsCentredPart(targets.shape[1], output.shape[2]) || !OverlapTile.IsCentredPart(targets.shape[2], output.shape[3]))
                throw new InvalidDataException(
                    $"{where}: segmentation needs output [B, K, H, W] and masks [B, H, W] of the same size (or the output a centred part of it); got [{string.Join(", ", output.shape)}] and [{string.Join(", ", targets.shape)}]");
            TargetChecks.ClassIndices(targets, output.shape[1], where, "mask class", ignored: Void);
        }

        public IMetricAccumulator NewAccumulator(bool training) => new Accumulator(classNames);

        public sealed class Accumulator(IReadOnlyList<string>? classNames) : IMetricAccumulator
        {
            public ConfusionCounts? Confusion { get; private set; }
            double[]? pending;

            public void Add(Tensor output, Tensor images, Tensor targets)
            {
                using var scope = NewDisposeScope();
                if (Confusion is null)
                {
                    Confusion = new ConfusionCounts((int)output.shape[1]);
                    if (pending != null) Confusion.Restore(pending);
                }
                Confusion.Add(CentreOf(targets, output), output.argmax(1), ignored: Void);
            }

            /// <summary>
            /// Mean IoU over classes that appear in the masks or the predictions, from the confusion accumulated over the whole set
            /// (background a class like the others, void pixels left out).
            /// </summary>
            public double Value
            {
                get
                {
                    if (Confusion is null) return 0;
                    double sum = 0;
                    int counted = 0;
                    for (int k = 0; k < Confusion.Classes; k++)
                    {
                        double iou = Confusion.IoU(k);
                        if (!double.IsNaN(iou)) { sum += iou; counted++; }
                    }
                    return counted == 0 ? 0 : sum / counted;
                }
            }

            public IReadOnlyDictionary<string, double> Details
            {
                get
                {
                    var details = new Dictionary<string, double>();
                    if (Confusion is null) return details;
                    details["pixelAccuracy"] = Confusion.Total == 0 ? 0 : (double)Confusion.Correct / Confusion.Total;
                    // Every class keeps its entry, NaN (an empty metrics.csv cell, null in metrics.json) when it is in neither the masks nor
                    // the predictions: metrics.csv's header (the last epoch's keys) then never loses a column mid-run.
                    for (int k = 0; k < Confusion.Classes; k++)
                        details["iou." + (classNames != null && k < classNames.Count ? classNames[k] : k.ToString(System.Globalization.CultureInfo.InvariantCulture))] = Confusion.IoU(k);
                    return details;
                }
            }

            public double[] Save() => Confusion?.Save() ?? pending ?? System.Array.Empty<double>();

            /// <summary>The class count comes with the first batch, so a restored state waits for it.</summary>
            public void Restore(double[] state) => pending = state.Length == 0 ? null : state;
        }
    }
}
