using NetDsl.Runtime.Data;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>Mean cross-entropy and top-1 accuracy over a labelled set.</summary>
    public sealed record EvaluationResult(double Loss, double Accuracy, int Samples);

    public static class Evaluator
    {
        /// <summary>
        /// Evaluates in eval mode (BatchNorm uses running statistics, dropout is off) without gradients,
        /// then restores the module's previous mode.
        /// </summary>
        public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, LabeledImages data, int batchSize, Device device)
        {
            bool wasTraining = model.training;
            model.eval();
            double lossSum = 0;
            long correct = 0;
            try
            {
                using var noGrad = no_grad();
                var loader = new BatchLoader(data, batchSize, shuffle: false, seed: 0);
                foreach (long[] batch in loader.Batches(0))
                {
                    using var scope = NewDisposeScope();
                    var (images, labels) = loader.Load(batch, device);
                    Tensor logits = model.call(images);
                    lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                    correct += logits.argmax(1).eq(labels).sum().item<long>();
                }
            }
            finally
            {
                model.train(wasTraining);
            }
            return new EvaluationResult(lossSum / data.Count, (double)correct / data.Count, data.Count);
        }
    }
}
