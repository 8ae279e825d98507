using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>A box in image fractions (corners), its class and score, and the image of its batch it belongs to.</summary>
    internal readonly record struct GridBox(int Image, int Class, double Score, double X0, double Y0, double X1, double Y1);

    /// <summary>
    /// A YOLOv1 grid's boxes as detections, shared by the mAP metric and prediction: every cell's B boxes scored by confidence ×
    /// the cell's best class probability, then per-class greedy non-maximum suppression.
    /// </summary>
    internal static class YoloBoxes
    {
        /// <summary>
        /// The boxes of sample <paramref name="i"/> scoring at least <paramref name="minScore"/>, from activated boxes
        /// <paramref name="box"/> (<c>[N, B, 5, S, S]</c> flattened) and class probabilities <paramref name="prob"/> (<c>[N, C, S, S]</c>).
        /// </summary>
        public static List<GridBox> Decode(float[] box, float[] prob, int i, int image, int b, int c, int sy, int sx, double minScore)
        {
            int cells = sy * sx;
            var candidates = new List<GridBox>();
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
                        if (score >= minScore) candidates.Add(Corners(image, best, score, x, y, sx, sy, Get(0), Get(1), Get(2), Get(3)));
                    }
                }
            return candidates;
        }

        /// <summary>A cell-relative centre (<paramref name="bx"/>, <paramref name="by"/>) and image-relative size as corners in image fractions.</summary>
        public static GridBox Corners(int image, int label, double score, int x, int y, int sx, int sy, double bx, double by, double w, double h)
        {
            double cx = (x + bx) / sx, cy = (y + by) / sy;
            return new GridBox(image, label, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
        }

        /// <summary>Per-class greedy non-maximum suppression at <paramref name="iouThreshold"/>, best first, at most <paramref name="max"/> kept.</summary>
        public static List<GridBox> Suppress(IEnumerable<GridBox> candidates, double iouThreshold, int max)
        {
            var kept = new List<GridBox>();
            foreach (var candidate in candidates.OrderByDescending(d => d.Score))
            {
                if (kept.Count == max) break;
                if (kept.All(k => k.Class != candidate.Class || IoU(k, candidate) < iouThreshold)) kept.Add(candidate);
            }
            return kept;
        }

        public static double IoU(GridBox a, GridBox b)
        {
            double w = Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0), h = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
            if (w <= 0 || h <= 0) return 0;
            double overlap = w * h;
            return overlap / ((a.X1 - a.X0) * (a.Y1 - a.Y0) + (b.X1 - b.X0) * (b.Y1 - b.Y0) - overlap);
        }
    }
}
