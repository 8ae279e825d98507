using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>A box by its corners (pixels or fractions).</summary>
    public readonly record struct AnchorBox(double X0, double Y0, double X1, double Y1)
    {
        /// <summary>Width × height (0 for an empty box).</summary>
        public double Area => Math.Max(0, X1 - X0) * Math.Max(0, Y1 - Y0);

        /// <summary>Intersection over union with <paramref name="other"/>.</summary>
        public double IoU(AnchorBox other)
        {
            double w = Math.Min(X1, other.X1) - Math.Max(X0, other.X0), h = Math.Min(Y1, other.Y1) - Math.Max(Y0, other.Y0);
            if (w <= 0 || h <= 0) return 0;
            double overlap = w * h;
            return overlap / (Area + other.Area - overlap);
        }
    }

    /// <summary>
    /// Faster R-CNN's region proposals (Ren et al., 2015; torchvision.models.detection.rpn) for a head of k anchors per
    /// position whose output is <c>[N, 2k + 4k, S, S]</c>: channels 0…k−1 the anchors' background logits and k…2k−1 their
    /// object logits (the 2k layout of the original RPN, a 2-way softmax per anchor), then 4 box deltas per anchor
    /// (dx, dy, dw, dh, anchor-major as torchvision's <c>bbox_pred</c>). The anchors are 3 aspect ratios (h/w = 0.5, 1, 2)
    /// × k/3 sizes (the side of the square of the same area) centred on every cell: for k = 9 the sizes are 0.25, 0.375 and
    /// 0.5 of the input's shorter side (24, 36, 48 px at 96x96; 56, 84, 112 at 224), the range of the shapes' boxes (0.24
    /// to 0.48 of the image). Anchors are ordered by cell (row, column), then ratio, then size, as torchvision's
    /// AnchorGenerator orders them (which puts centres at the cells' corners, and rounds its base anchors to whole pixels;
    /// these are centred and exact).
    /// </summary>
    public static class RegionProposals
    {
        /// <summary>The aspect ratios (height / width) of every size.</summary>
        public static IReadOnlyList<double> AspectRatios { get; } = new[] { 0.5, 1.0, 2.0 };

        /// <summary>A box counts as an object when its IoU with a true box is at least this (torchvision's fg_iou_thresh).</summary>
        public const double PositiveIoU = 0.7;
        /// <summary>…and as background below this (bg_iou_thresh); anchors between are not trained.</summary>
        public const double NegativeIoU = 0.3;
        /// <summary>Anchors sampled per image for the loss, at most half of them positive.</summary>
        public const int SampledPerImage = 256;
        /// <summary>The smooth-L1 loss's beta on the deltas.</summary>
        public const double SmoothL1Beta = 1.0 / 9;
        /// <summary>Overlapping proposals are suppressed above this IoU.</summary>
        public const double NmsIoU = 0.7;
        /// <summary>Proposals kept per image after suppression.</summary>
        public const int TopN = 100;
        /// <summary>dw and dh are clamped to this before exp (torchvision's log(1000 / 16)).</summary>
        public static readonly double DeltaClamp = Math.Log(1000.0 / 16);

        /// <summary>Whether <paramref name="channels"/> per position are a region proposal head's 2k + 4k, k a multiple of 3 (the generator's ND0024 rule, which <see cref="AnchorsPerCell"/>, the task's data and Propose apply too).</summary>
        public static bool IsHead(int channels) => NetDsl.Shapes.OutputRule.IsRegionProposalHead(channels);

        /// <summary>Anchors per position of a head of <paramref name="channels"/> channels (2k + 4k); throws unless it is 6k with k a multiple of 3.</summary>
        public static int AnchorsPerCell(int channels)
        {
            if (!IsHead(channels))
                throw new ArgumentException($"a region proposal head outputs 2k objectness logits + 4k box deltas per position, k = 3 ratios × sizes (54 channels for k = 9); got {channels}");
            return channels / 6;
        }

        /// <summary>The anchor sizes (fractions of the shorter side) of k anchors: k/3 sizes from 0.25 to 0.5 (0.375 alone).</summary>
        public static double[] Sizes(int k)
        {
            int count = k / 3;
            if (count == 1) return new[] { 0.375 };
            return Enumerable.Range(0, count).Select(i => 0.25 + 0.25 * i / (count - 1)).ToArray();
        }

        /// <summary>
        /// The k anchors of every cell of a <paramref name="rows"/>×<paramref name="columns"/> map over an image of
        /// <paramref name="height"/>×<paramref name="width"/> pixels, in pixels, ordered (row, column, ratio, size).
        /// </summary>
        public static AnchorBox[] Anchors(int k, int rows, int columns, int height, int width)
        {
            var sizes = Sizes(k);
            double strideY = (double)height / rows, strideX = (double)width / columns, side = Math.Min(height, width);
            var cell = new List<(double W, double H)>();
            foreach (double ratio in AspectRatios)
                foreach (double size in sizes)
                {
                    double h = Math.Sqrt(ratio), w = 1 / h;   // torchvision: h_ratios = sqrt(r), w_ratios = 1 / h_ratios
                    cell.Add((w * size * side, h * size * side));
                }
            var anchors = new AnchorBox[rows * columns * k];
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < columns; x++)
                {
                    double cx = (x + 0.5) * strideX, cy = (y + 0.5) * strideY;
                    for (int a = 0; a < k; a++)
                        anchors[(y * columns + x) * k + a] = new AnchorBox(cx - cell[a].W / 2, cy - cell[a].H / 2, cx + cell[a].W / 2, cy + cell[a].H / 2);
                }
            return anchors;
        }

        /// <summary>torchvision's BoxCoder.encode with weights (1, 1, 1, 1): the deltas that move <paramref name="anchor"/> onto <paramref name="box"/>.</summary>
        public static (double Dx, double Dy, double Dw, double Dh) Encode(AnchorBox anchor, AnchorBox box)
        {
            double aw = anchor.X1 - anchor.X0, ah = anchor.Y1 - anchor.Y0, ax = anchor.X0 + 0.5 * aw, ay = anchor.Y0 + 0.5 * ah;
            double bw = box.X1 - box.X0, bh = box.Y1 - box.Y0, bx = box.X0 + 0.5 * bw, by = box.Y0 + 0.5 * bh;
            return ((bx - ax) / aw, (by - ay) / ah, Math.Log(bw / aw), Math.Log(bh / ah));
        }

        /// <summary>torchvision's BoxCoder.decode (weights 1, dw and dh clamped at log(1000/16)).</summary>
        public static AnchorBox Decode(AnchorBox anchor, double dx, double dy, double dw, double dh)
        {
            double aw = anchor.X1 - anchor.X0, ah = anchor.Y1 - anchor.Y0, ax = anchor.X0 + 0.5 * aw, ay = anchor.Y0 + 0.5 * ah;
            double cx = dx * aw + ax, cy = dy * ah + ay, w = Math.Exp(Math.Min(dw, DeltaClamp)) * aw, h = Math.Exp(Math.Min(dh, DeltaClamp)) * ah;
            return new AnchorBox(cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, cy + 0.5 * h);
        }

        /// <summary>
        /// Each anchor's label against the true boxes (torchvision's Matcher with allow_low_quality_matches): 1 at IoU ≥ 0.7 with
        /// some box, and for every box the anchors of its highest IoU; 0 below 0.3 with all; −1 (not trained) between.
        /// <paramref name="matched"/> is the box each anchor overlaps most (−1 without boxes).
        /// </summary>
        public static int[] Match(IReadOnlyList<AnchorBox> anchors, IReadOnlyList<AnchorBox> truths, out int[] matched)
        {
            var labels = new int[anchors.Count];
            matched = new int[anchors.Count];
            Array.Fill(matched, -1);
            if (truths.Count == 0) return labels;
            var iou = new double[truths.Count, anchors.Count];
            var bestOfTruth = new double[truths.Count];
            for (int a = 0; a < anchors.Count; a++)
            {
                double best = -1;
                for (int g = 0; g < truths.Count; g++)
                {
                    double v = iou[g, a] = anchors[a].IoU(truths[g]);
                    if (v > best) { best = v; matched[a] = g; }
                    bestOfTruth[g] = Math.Max(bestOfTruth[g], v);
                }
                labels[a] = best >= PositiveIoU ? 1 : best < NegativeIoU ? 0 : -1;
            }
            for (int g = 0; g < truths.Count; g++)
                for (int a = 0; a < anchors.Count; a++)
                    if (bestOfTruth[g] > 0 && iou[g, a] == bestOfTruth[g])
                    {
                        labels[a] = 1;
                        // torchvision keeps the anchor's own best match; that box's IoU is at least this one's.
                    }
            return labels;
        }

        /// <summary>
        /// Keeps at most <paramref name="perImage"/> labelled anchors, at most half of them positive (Faster R-CNN's
        /// BalancedPositiveNegativeSampler): the others become −1.
        /// </summary>
        public static void Sample(int[] labels, Random random, int perImage = SampledPerImage)
        {
            var positives = Enumerable.Range(0, labels.Length).Where(a => labels[a] == 1).ToList();
            var negatives = Enumerable.Range(0, labels.Length).Where(a => labels[a] == 0).ToList();
            int keepPositive = Math.Min(positives.Count, perImage / 2), keepNegative = Math.Min(negatives.Count, perImage - keepPositive);
            Drop(positives, keepPositive);
            Drop(negatives, keepNegative);

            void Drop(List<int> chosen, int keep)
            {
                for (int i = chosen.Count - 1; i > 0; i--)
                {
                    int j = random.Next(i + 1);
                    (chosen[i], chosen[j]) = (chosen[j], chosen[i]);
                }
                for (int i = keep; i < chosen.Count; i++) labels[chosen[i]] = -1;
            }
        }

        /// <summary>Greedy non-maximum suppression: best first, a box dropped when its IoU with a kept one exceeds <paramref name="iouThreshold"/>.</summary>
        public static List<(AnchorBox Box, double Score)> Suppress(IEnumerable<(AnchorBox Box, double Score)> candidates, double iouThreshold = NmsIoU, int max = TopN)
        {
            var kept = new List<(AnchorBox Box, double Score)>();
            foreach (var candidate in candidates.OrderByDescending(c => c.Score))
            {
                if (kept.Count == max) break;
                if (kept.All(k => k.Box.IoU(candidate.Box) <= iouThreshold)) kept.Add(candidate);
            }
            return kept;
        }

        /// <summary>
        /// The proposals of sample <paramref name="i"/>: every anchor moved by its deltas, clipped to the image, scored by its
        /// object probability, boxes smaller than 1e-3 px dropped, suppressed at IoU 0.7, the best <paramref name="max"/> kept;
        /// boxes in pixels. <paramref name="objectness"/> holds object probabilities <c>[N, A]</c> and <paramref name="deltas"/>
        /// <c>[N, A, 4]</c>, anchors ordered as <see cref="Anchors"/>.
        /// </summary>
        public static List<(AnchorBox Box, double Score)> Propose(AnchorBox[] anchors, float[] objectness, float[] deltas, int i, int height, int width,
            double minScore = 0, int max = TopN)
        {
            int count = anchors.Length;
            var candidates = new List<(AnchorBox, double)>();
            for (int a = 0; a < count; a++)
            {
                double score = objectness[i * count + a];
                if (score < minScore) continue;
                int d = (i * count + a) * 4;
                var box = Decode(anchors[a], deltas[d], deltas[d + 1], deltas[d + 2], deltas[d + 3]);
                box = new AnchorBox(Math.Clamp(box.X0, 0, width), Math.Clamp(box.Y0, 0, height), Math.Clamp(box.X1, 0, width), Math.Clamp(box.Y1, 0, height));
                if (box.X1 - box.X0 < 1e-3 || box.Y1 - box.Y0 < 1e-3 || double.IsNaN(score)) continue;
                candidates.Add((box, score));
            }
            return Suppress(candidates, NmsIoU, max);
        }

        /// <summary>
        /// The true boxes of sample <paramref name="i"/> of box grids <paramref name="targets"/> (<c>[N, 5 + K, S, S]</c> flattened,
        /// see ShapesDataset.GenerateDetection), in pixels of a <paramref name="height"/>×<paramref name="width"/> image; class ignored.
        /// </summary>
        public static List<AnchorBox> Truths(float[] targets, int i, int depth, int rows, int columns, int height, int width)
        {
            int cells = rows * columns;
            var boxes = new List<AnchorBox>();
            for (int cell = 0; cell < cells; cell++)
            {
                int t = i * depth * cells + cell;
                if (targets[t] <= 0.5f) continue;
                double cx = (cell % columns + targets[t + cells]) / columns * width, cy = (cell / columns + targets[t + 2 * cells]) / rows * height;
                double w = targets[t + 3 * cells] * width, h = targets[t + 4 * cells] * height;
                boxes.Add(new AnchorBox(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
            }
            return boxes;
        }
    }
}
