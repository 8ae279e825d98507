using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Region proposals (a Faster R-CNN RPN, <see cref="RegionProposals"/>): class-agnostic objectness and box regression of k
    /// anchors per position, output <c>[N, 2k + 4k, S, S]</c>. Targets are the shapes set's box grids <c>[N, 5 + K, S, S]</c>
    /// (ShapesDataset.GenerateDetection) read as a list of boxes per image, classes ignored. Each image's anchors are matched to
    /// its boxes (IoU ≥ 0.7 or a box's best: object; &lt; 0.3: background), 256 sampled (at most half objects); the loss is the
    /// 2-way cross-entropy of the sampled anchors' objectness plus smooth-L1 (beta 1/9) on the positives' deltas over the
    /// sampled count (torchvision's normalisation). The metric is class-agnostic proposal AP@0.5.
    /// </summary>
    internal sealed class RegionProposalTask : ITrainingTask
    {
        public ModelTask Kind => ModelTask.RegionProposal;
        public string MetricName => "proposal AP@0.5";

        /// <summary>Objectness logits as <c>[N·A, 2]</c> (background, object) and deltas <c>[N·A, 4]</c>, anchors ordered (row, column, anchor).</summary>
        public static (Tensor Logits, Tensor Deltas) Split(Tensor output)
        {
            long n = output.shape[0], h = output.shape[2], w = output.shape[3];
            int k = RegionProposals.AnchorsPerCell((int)output.shape[1]);
            Tensor logits = output[.., ..(2 * k)].reshape(n, 2, k, h, w).permute(0, 3, 4, 2, 1).reshape(-1, 2);
            Tensor deltas = output[.., (2 * k)..].reshape(n, k, 4, h, w).permute(0, 3, 4, 1, 2).reshape(-1, 4);
            return (logits, deltas);
        }

        public Tensor Loss(Tensor output, Tensor images, Tensor targets)
        {
            using var scope = NewDisposeScope();
            int n = (int)output.shape[0], rows = (int)output.shape[2], columns = (int)output.shape[3];
            int height = (int)images.shape[2], width = (int)images.shape[3], depth = (int)targets.shape[1];
            int k = RegionProposals.AnchorsPerCell((int)output.shape[1]);
            var anchors = RegionProposals.Anchors(k, rows, columns, height, width);
            float[] truth = targets.cpu().contiguous().data<float>().ToArray();
            var labels = new long[n * anchors.Length];
            var positives = new List<long>();
            var regression = new List<float>();
            int sampled = 0;
            // The anchors sampled are drawn from torch's generator (one seed per batch): the trainer seeds it per epoch and a
            // mid-epoch checkpoint keeps its state, so a resumed epoch samples as an uninterrupted one.
            var sampler = new Random((int)randint(int.MaxValue, new long[] { 1 }, dtype: ScalarType.Int64).item<long>());
            for (int i = 0; i < n; i++)
            {
                var boxes = RegionProposals.Truths(truth, i, depth, rows, columns, height, width);
                int[] label = RegionProposals.Match(anchors, boxes, out int[] matched);
                RegionProposals.Sample(label, sampler);
                for (int a = 0; a < anchors.Length; a++)
                {
                    labels[i * anchors.Length + a] = label[a];
                    if (label[a] >= 0) sampled++;
                    if (label[a] != 1) continue;
                    positives.Add(i * anchors.Length + a);
                    var (dx, dy, dw, dh) = RegionProposals.Encode(anchors[a], boxes[matched[a]]);
                    regression.AddRange(new[] { (float)dx, (float)dy, (float)dw, (float)dh });
                }
            }
            var (logits, deltas) = Split(output);
            using var held = new ScalarScope();
            if (sampled == 0) return output.sum().mul(held[0.0]).MoveToOuterDisposeScope();
            Tensor wanted = tensor(labels).to(output.device);
            Tensor objectness = nn.functional.cross_entropy(logits, wanted, ignore_index: -1);
            if (positives.Count == 0) return objectness.MoveToOuterDisposeScope();
            Tensor chosen = deltas.index_select(0, tensor(positives.ToArray()).to(output.device));
            Tensor goal = tensor(regression.ToArray(), new long[] { positives.Count, 4 }).to(output.device);
            Tensor box = nn.functional.smooth_l1_loss(chosen, goal, nn.Reduction.Sum, RegionProposals.SmoothL1Beta).div(held[(double)sampled]);
            return objectness.add(box, Scalars.One).MoveToOuterDisposeScope();
        }

        /// <summary>Object probabilities <c>[N, A]</c> and deltas <c>[N, A, 4]</c> on the CPU, as flat arrays.</summary>
        public static (float[] Objectness, float[] Deltas) Read(Tensor output)
        {
            using var scope = NewDisposeScope();
            var (logits, deltas) = Split(output.detach());
            float[] objectness = logits.softmax(1)[.., 1].cpu().contiguous().data<float>().ToArray();
            return (objectness, deltas.cpu().contiguous().data<float>().ToArray());
        }

        public void CheckTargets(Tensor output, Tensor images, Tensor targets, string where)
        {
            TargetChecks.OfTask(targets, ModelTask.Detection, where);
            if (output.dim() != 4 || !RegionProposals.IsHead((int)output.shape[1]) || targets.dim() != 4 || targets.shape[1] < 5
                || output.shape[2] != targets.shape[2] || output.shape[3] != targets.shape[3])
                throw new InvalidDataException(
                    $"{where}: region proposals need output [N, 2k + 4k, S, S] (k a multiple of 3) matching box grids [N, 5 + C, S, S]; got [{string.Join(", ", output.shape)}] and [{string.Join(", ", targets.shape)}]");
        }

        public IMetricAccumulator NewAccumulator(bool training) =>
            training ? new NoMetric() : new ProposalAveragePrecision(iouThreshold: 0.5);
    }

    /// <summary>
    /// Class-agnostic AP of the proposals at one IoU (all-point interpolation, as <see cref="MeanAveragePrecision"/>): every
    /// image's top proposals (after NMS at 0.7) ranked by objectness against all its true boxes, classes ignored. Details:
    /// the recall of the top proposals at that IoU.
    /// </summary>
    internal sealed class ProposalAveragePrecision(double iouThreshold) : IMetricAccumulator
    {
        readonly List<GridBox> detections = new List<GridBox>();
        readonly List<GridBox> truths = new List<GridBox>();
        int images;

        public void Add(Tensor output, Tensor images, Tensor targets)
        {
            int n = (int)output.shape[0], rows = (int)output.shape[2], columns = (int)output.shape[3];
            int height = (int)images.shape[2], width = (int)images.shape[3], depth = (int)targets.shape[1];
            int k = RegionProposals.AnchorsPerCell((int)output.shape[1]);
            var anchors = RegionProposals.Anchors(k, rows, columns, height, width);
            var (objectness, deltas) = RegionProposalTask.Read(output);
            float[] truth;
            using (var t = targets.cpu().contiguous()) truth = t.data<float>().ToArray();
            for (int i = 0; i < n; i++)
            {
                int image = this.images + i;
                foreach (var b in RegionProposals.Truths(truth, i, depth, rows, columns, height, width))
                    truths.Add(new GridBox(image, 0, 1, b.X0 / width, b.Y0 / height, b.X1 / width, b.Y1 / height));
                foreach (var (b, score) in RegionProposals.Propose(anchors, objectness, deltas, i, height, width))
                    detections.Add(new GridBox(image, 0, score, b.X0 / width, b.Y0 / height, b.X1 / width, b.Y1 / height));
            }
            this.images += n;
        }

        public double Value => truths.Count == 0 ? 0 : MeanAveragePrecision.AveragePrecision(detections, truths, iouThreshold);

        public IReadOnlyDictionary<string, double> Details
        {
            get
            {
                var byImage = detections.ToLookup(d => d.Image);
                int found = truths.Count(t => byImage[t.Image].Any(d => YoloBoxes.IoU(d, t) >= iouThreshold));
                return new Dictionary<string, double> { ["recall"] = truths.Count == 0 ? 0 : (double)found / truths.Count };
            }
        }

        public double[] Save() => Array.Empty<double>();
        public void Restore(double[] state) { }
    }
}
