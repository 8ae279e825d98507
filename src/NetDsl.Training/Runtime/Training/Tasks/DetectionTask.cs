using System.Collections.Generic;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// YOLOv1-style detection. The output <c>[N, B·5 + C, S, S]</c> holds, per cell, B boxes (x, y, w, h,
    /// confidence; sigmoid-activated: x, y the centre within the cell, w, h fractions of the image) then C class
    /// scores (softmax). Targets are grids <c>[N, 5 + C, S, S]</c> (see ShapesDataset.GenerateDetection). The
    /// loss is the paper's sum of squares: the box with the best IoU in a cell holding an object is responsible
    /// for it (coordinates weighted by λcoord, square roots of sizes), every other box is pushed to zero
    /// confidence (weighted by λnoobj), and the cell's class probabilities to the one-hot class.
    /// </summary>
    internal sealed class DetectionTask(int boxesPerCell = 2, double coordWeight = 5, double noObjectWeight = 0.5) : ITrainingTask
    {
        public ModelTask Kind => ModelTask.Detection;
        public string MetricName => "mAP@0.5";
        public int BoxesPerCell { get; } = boxesPerCell;

        /// <summary>The data's class names: the per-class AP details are keyed <c>ap.&lt;name&gt;</c> (as segmentation's <c>iou.&lt;name&gt;</c>), else <c>ap.&lt;index&gt;</c>.</summary>
        public IReadOnlyList<string>? ClassNames { get; set; }

        public Tensor Loss(Tensor output, Tensor images, Tensor targets)
        {
            using var scope = NewDisposeScope();
            long n = output.shape[0], s = output.shape[2];
            var (boxes, classes) = Split(output);
            Tensor objects = targets[.., 0];                                   // [N, S, S]
            Tensor truth = targets[.., 1..5].unsqueeze(1);                     // [N, 1, 4, S, S]
            Tensor responsible;
            using (no_grad())
            {
                Tensor iou = CellIoU(boxes[.., .., 0..4], truth, s);           // [N, B, S, S]
                responsible = nn.functional.one_hot(iou.argmax(1), BoxesPerCell).permute(0, 3, 1, 2).to_type(ScalarType.Float32).mul(objects.unsqueeze(1));
            }
            using var held = new ScalarScope();
            Scalar one = Scalars.One;
            Tensor xy = boxes[.., .., 0..2].sub(truth[.., .., 0..2]).square().sum(2);
            Tensor wh = boxes[.., .., 2..4].sqrt().sub(truth[.., .., 2..4].sqrt()).square().sum(2);
            Tensor confidence = boxes[.., .., 4];
            Tensor coordinates = xy.add(wh, one).mul(responsible).sum().mul(held[coordWeight]);
            Tensor withObject = confidence.sub(one).square().mul(responsible).sum();
            Tensor withoutObject = confidence.square().mul(responsible.neg().add(one, one)).sum().mul(held[noObjectWeight]);
            Tensor classLoss = classes.sub(targets[.., 5..]).square().sum(1).mul(objects).sum();
            return coordinates.add(withObject, one).add(withoutObject, one).add(classLoss, one).div(held[n]).MoveToOuterDisposeScope();
        }

        /// <summary>Activated boxes <c>[N, B, 5, S, S]</c> and class probabilities <c>[N, C, S, S]</c>.</summary>
        public (Tensor Boxes, Tensor Classes) Split(Tensor output)
        {
            long n = output.shape[0], s = output.shape[2], raw = BoxesPerCell * 5;
            Tensor boxes = output[.., ..(int)raw].reshape(n, BoxesPerCell, 5, s, output.shape[3]).sigmoid();
            Tensor classes = output[.., (int)raw..].softmax(1);
            return (boxes, classes);
        }

        /// <summary>IoU of boxes in the same cell (x, y within the cell, w, h of the image), shape <c>[..., 4, S, S]</c> → <c>[..., S, S]</c>.</summary>
        static Tensor CellIoU(Tensor a, Tensor b, long s)
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            Scalar cells = held[s], two = held[2L], zero = held[0L], one = Scalars.One;
            Tensor ax = a[.., .., 0].div(cells), ay = a[.., .., 1].div(cells), aw = a[.., .., 2], ah = a[.., .., 3];
            Tensor bx = b[.., .., 0].div(cells), by = b[.., .., 1].div(cells), bw = b[.., .., 2], bh = b[.., .., 3];
            Tensor left = maximum(ax.sub(aw.div(two)), bx.sub(bw.div(two))), right = minimum(ax.add(aw.div(two), one), bx.add(bw.div(two), one));
            Tensor top = maximum(ay.sub(ah.div(two)), by.sub(bh.div(two))), bottom = minimum(ay.add(ah.div(two), one), by.add(bh.div(two), one));
            Tensor overlap = right.sub(left).clamp_min(zero).mul(bottom.sub(top).clamp_min(zero));
            Tensor union = aw.mul(ah).add(bw.mul(bh), one).sub(overlap).clamp_min(held[1e-9]);
            return overlap.div(union).MoveToOuterDisposeScope();
        }

        public void CheckTargets(Tensor output, Tensor images, Tensor targets, string where)
        {
            TargetChecks.OfTask(targets, ModelTask.Detection, where);
            long classes = targets.dim() == 4 ? targets.shape[1] - 5 : -1;
            if (output.dim() != 4 || classes < 1 || output.shape[1] != BoxesPerCell * 5 + classes
                || output.shape[2] != targets.shape[2] || output.shape[3] != targets.shape[3])
                throw new InvalidDataException(
                    $"{where}: detection needs output [N, {BoxesPerCell}·5 + C, S, S] matching box grids [N, 5 + C, S, S]; got [{string.Join(", ", output.shape)}] and [{string.Join(", ", targets.shape)}]");
        }

        public IMetricAccumulator NewAccumulator(bool training) =>
            training ? new NoMetric() : new MeanAveragePrecision(this, iouThreshold: 0.5);
    }
}
