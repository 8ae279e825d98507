using System.Collections.Generic;
using NetDsl.Runtime.Data;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Mean loss and the task's headline metric over a set: <see cref="Metric"/> is accuracy, mIoU, PSNR or
    /// mAP@0.5 as <see cref="MetricName"/> says; the secondary ones are in <see cref="Details"/>.
    /// </summary>
    public sealed record EvaluationResult(double Loss, double Metric, int Samples)
    {
        /// <summary>What <see cref="Metric"/> measures: accuracy, mIoU, PSNR or mAP@0.5.</summary>
        public string MetricName { get; init; } = "accuracy";
        /// <summary>Secondary metrics by name (top-5, pixel accuracy, per-class IoU or AP).</summary>
        public IReadOnlyDictionary<string, double> Details { get; init; } = new Dictionary<string, double>();

        /// <summary>Classification and segmentation: true class by predicted class.</summary>
        public ConfusionCounts? Confusion { get; init; }

        /// <summary>
        /// Classification: per-class precision, recall, F1 and support, macro and weighted averages and balanced accuracy, from
        /// <see cref="Confusion"/> as sklearn's classification_report with zero_division=0 (a training run writes it to per-class.csv).
        /// </summary>
        public ClassificationReport? PerClass { get; init; }
    }

    /// <summary>Eval-mode passes over a test split: mean loss and the task's metrics.</summary>
    public static class Evaluator
    {
        /// <summary>Classification accuracy over an in-memory set.</summary>
        public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, LabeledImages data, int batchSize, Device device) =>
            Evaluate(model, new BatchLoader(data, batchSize, shuffle: false, seed: 0), new ClassificationTask(), device, "test");

        /// <summary>
        /// Evaluates in eval mode (BatchNorm uses running statistics, dropout is off) without gradients,
        /// then restores the module's previous mode. <paramref name="where"/> names the data in errors.
        /// </summary>
        public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, IBatchSource data, ITrainingTask task, Device device, string where)
        {
            bool wasTraining = model.training;
            model.eval();
            double lossSum = 0;
            int samples = 0, batch = 0;
            var metric = task.NewAccumulator(training: false);
            try
            {
                using var noGrad = no_grad();
                foreach (var (images, targets) in data.Epoch(1, device))
                using (images)
                using (targets)
                {
                    using var scope = NewDisposeScope();
                    string at = $"{where}, batch {++batch}";
                    Tensor output = FixedSizeInput.Call(model, images, at);
                    task.CheckTargets(output, images, targets, at);
                    int n = (int)images.shape[0];
                    lossSum += task.Loss(output, images, targets).item<float>() * n;
                    metric.Add(output, images, targets);
                    samples += n;
                }
            }
            finally
            {
                model.train(wasTraining);
            }
            return new EvaluationResult(samples == 0 ? 0 : lossSum / samples, metric.Value, samples)
            {
                MetricName = task.MetricName,
                Details = metric.Details,
                Confusion = (metric as ClassificationTask.Accumulator)?.Confusion ?? (metric as SegmentationTask.Accumulator)?.Confusion,
                PerClass = (metric as ClassificationTask.Accumulator)?.Report,
            };
        }
    }
}
