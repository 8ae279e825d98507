using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// mAP at one IoU threshold (PASCAL VOC style, all-point interpolation) for YOLO grids: decodes every
    /// box (score = confidence × best class probability), keeps the best per class after non-maximum
    /// suppression, then ranks detections per class against the ground-truth boxes of the same image.
    /// </summary>
    internal sealed class MeanAveragePrecision(DetectionTask task, double iouThreshold) : IMetricAccumulator
    {
        const double MinScore = 0.01;
        const int MaxPerImage = 20;

        readonly record struct Box(int Image, int Class, double Score, double X0, double Y0, double X1, double Y1);

        readonly List<Box> detections = new List<Box>();
        readonly List<Box> truths = new List<Box>();
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
                var candidates = new List<Box>();
                for (int y = 0; y < sy; y++)
                    for (int x = 0; x < sx; x++)
                    {
                        int cell = y * sx + x, best = 0;
                        for (int k = 1; k < c; k++) if (prob[(i * c + k) * cells + cell] > prob[(i * c + best) * cells + cell]) best = k;
                        double p = prob[(i * c + best) * cells + cell];
                        for (int j = 0; j < b; j++)
                        {
                            float Get(int field) => box[((i * b + j) * 5 + field) * cells + cell];
                            double score = Get(4) * p;
                            if (score >= MinScore) candidates.Add(Corners(image, best, score, x, y, sx, sy, Get(0), Get(1), Get(2), Get(3)));
                        }
                        int t = i * (5 + c) * cells + cell;
                        if (truth[t] > 0.5f)
                        {
                            int label = 0;
                            for (int k = 1; k < c; k++) if (truth[t + (5 + k) * cells] > truth[t + (5 + label) * cells]) label = k;
                            truths.Add(Corners(image, label, 1, x, y, sx, sy, truth[t + cells], truth[t + 2 * cells], truth[t + 3 * cells], truth[t + 4 * cells]));
                        }
                    }
                detections.AddRange(Suppress(candidates));
            }
            this.images += n;
        }

        static Box Corners(int image, int label, double score, int x, int y, int sx, int sy, double bx, double by, double w, double h)
        {
            double cx = (x + bx) / sx, cy = (y + by) / sy;
            return new Box(image, label, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
        }

        /// <summary>Per-class greedy non-maximum suppression at the same IoU, at most <see cref="MaxPerImage"/> kept.</summary>
        IEnumerable<Box> Suppress(List<Box> candidates)
        {
            var kept = new List<Box>();
            foreach (var candidate in candidates.OrderByDescending(d => d.Score))
            {
                if (kept.Count == MaxPerImage) break;
                if (kept.All(k => k.Class != candidate.Class || IoU(k, candidate) < iouThreshold)) kept.Add(candidate);
            }
            return kept;
        }

        static double IoU(Box a, Box b)
        {
            double w = Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0), h = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
            if (w <= 0 || h <= 0) return 0;
            double overlap = w * h;
            return overlap / ((a.X1 - a.X0) * (a.Y1 - a.Y0) + (b.X1 - b.X0) * (b.Y1 - b.Y0) - overlap);
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
                    if (classTruths.Count > 0) perClass["ap." + k] = AveragePrecision(k, classTruths);
                }
                return perClass.Count == 0 ? 0 : perClass.Values.Average();
            }
        }

        double AveragePrecision(int k, List<Box> classTruths)
        {
            var byImage = classTruths.GroupBy(t => t.Image).ToDictionary(g => g.Key, g => (Boxes: g.ToList(), Used: new bool[g.Count()]));
            var ranked = detections.Where(d => d.Class == k).OrderByDescending(d => d.Score).ToList();
            var precision = new double[ranked.Count];
            var recall = new double[ranked.Count];
            int truePositives = 0;
            for (int r = 0; r < ranked.Count; r++)
            {
                var d = ranked[r];
                if (byImage.TryGetValue(d.Image, out var candidates))
                {
                    int best = -1;
                    double bestIoU = iouThreshold;
                    for (int i = 0; i < candidates.Boxes.Count; i++)
                    {
                        double iou = IoU(d, candidates.Boxes[i]);
                        if (iou >= bestIoU && !candidates.Used[i]) { best = i; bestIoU = iou; }
                    }
                    if (best >= 0) { candidates.Used[best] = true; truePositives++; }
                }
                precision[r] = (double)truePositives / (r + 1);
                recall[r] = (double)truePositives / classTruths.Count;
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
