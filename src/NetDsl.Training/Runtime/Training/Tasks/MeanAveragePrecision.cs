using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// mAP at one IoU threshold (PASCAL VOC2010+: VOC's matching, all-point interpolation) for YOLO grids: decodes every
    /// box (score = confidence × best class probability), keeps the best per class after non-maximum
    /// suppression, then ranks detections per class against the ground-truth boxes of the same image.
    /// </summary>
    internal sealed class MeanAveragePrecision(DetectionTask task, double iouThreshold) : IMetricAccumulator
    {
        const double MinScore = 0.01;
        const int MaxPerImage = 20;

        readonly List<GridBox> detections = new List<GridBox>();
        readonly List<GridBox> truths = new List<GridBox>();
        readonly Dictionary<string, double> perClass = new Dictionary<string, double>();
        int images, classes;

        public void Add(Tensor output, Tensor images, Tensor targets)
        {
            using var scope = NewDisposeScope();
            var (boxes, classProbabilities) = task.Split(output);
            int n = (int)output.shape[0], b = task.BoxesPerCell, c = (int)classProbabilities.shape[1], sy = (int)output.shape[2], sx = (int)output.shape[3];
            classes = c;
            float[] box = boxes.cpu().contiguous().data<float>().ToArray();                 // [N, B, 5, S, S]
            float[] prob = classProbabilities.cpu().contiguous().data<float>().ToArray();  // [N, C, S, S]
            float[] truth = targets.cpu().contiguous().data<float>().ToArray();             // [N, 5 + C, S, S]
            int cells = sy * sx;
            for (int i = 0; i < n; i++)
            {
                int image = this.images + i;
                for (int cell = 0; cell < cells; cell++)
                {
                    int t = i * (5 + c) * cells + cell;
                    if (truth[t] <= 0.5f) continue;
                    int label = 0;
                    for (int k = 1; k < c; k++) if (truth[t + (5 + k) * cells] > truth[t + (5 + label) * cells]) label = k;
                    truths.Add(YoloBoxes.Corners(image, label, 1, cell % sx, cell / sx, sx, sy, truth[t + cells], truth[t + 2 * cells], truth[t + 3 * cells], truth[t + 4 * cells]));
                }
                detections.AddRange(YoloBoxes.Suppress(YoloBoxes.Decode(box, prob, i, image, b, c, sy, sx, MinScore), iouThreshold, MaxPerImage));
            }
            this.images += n;
        }

        /// <summary>Mean of the per-class average precisions over classes with at least one true box.</summary>
        public double Value
        {
            get
            {
                perClass.Clear();
                for (int k = 0; k < classes; k++)
                {
                    var classTruths = truths.Where(t => t.Class == k).ToList();
                    if (classTruths.Count > 0) perClass["ap." + (task.ClassNames is { } names && k < names.Count ? names[k] : k.ToString())] = AveragePrecision(k, classTruths);
                }
                return perClass.Count == 0 ? 0 : perClass.Values.Average();
            }
        }

        double AveragePrecision(int k, List<GridBox> classTruths) =>
            AveragePrecision(detections.Where(d => d.Class == k), classTruths, iouThreshold);

        /// <summary>
        /// The AP of <paramref name="detections"/> ranked by score against <paramref name="truths"/> (one class), PASCAL VOC's:
        /// each detection in score order takes its image's highest-IoU truth, a true positive when the IoU is ≥
        /// <paramref name="iouThreshold"/> and that truth is not yet taken, else a false positive; all-point interpolated.
        /// </summary>
        internal static double AveragePrecision(IEnumerable<GridBox> detections, List<GridBox> truths, double iouThreshold)
        {
            var byImage = truths.GroupBy(t => t.Image).ToDictionary(g => g.Key, g => (Boxes: g.ToList(), Used: new bool[g.Count()]));
            var ranked = detections.OrderByDescending(d => d.Score).ToList();
            var precision = new double[ranked.Count];
            var recall = new double[ranked.Count];
            int truePositives = 0;
            for (int r = 0; r < ranked.Count; r++)
            {
                var d = ranked[r];
                if (byImage.TryGetValue(d.Image, out var candidates))
                {
                    // VOC's rule (voc_eval): the highest-IoU truth, taken or not; already taken, the detection is a false positive
                    // (COCO's rule would try the next free truth instead, scoring overlapping objects higher).
                    int best = -1;
                    double bestIoU = double.NegativeInfinity;
                    for (int i = 0; i < candidates.Boxes.Count; i++)
                    {
                        double iou = YoloBoxes.IoU(d, candidates.Boxes[i]);
                        if (iou > bestIoU) { best = i; bestIoU = iou; }
                    }
                    if (best >= 0 && bestIoU >= iouThreshold && !candidates.Used[best]) { candidates.Used[best] = true; truePositives++; }
                }
                precision[r] = (double)truePositives / (r + 1);
                recall[r] = (double)truePositives / truths.Count;
            }
            // All-point interpolation: the area under the precision envelope (precision made monotone from the right).
            double area = 0, previousRecall = 0;
            for (int r = ranked.Count - 2; r >= 0; r--) precision[r] = Math.Max(precision[r], precision[r + 1]);
            for (int r = 0; r < ranked.Count; r++)
            {
                area += (recall[r] - previousRecall) * precision[r];
                previousRecall = recall[r];
            }
            return area;
        }

        public IReadOnlyDictionary<string, double> Details
        {
            get
            {
                _ = Value;
                return new Dictionary<string, double>(perClass);
            }
        }

        /// <summary>Evaluation runs whole between checkpoints, so there is no partial state to keep.</summary>
        public double[] Save() => Array.Empty<double>();
        public void Restore(double[] state) { }
    }
}
