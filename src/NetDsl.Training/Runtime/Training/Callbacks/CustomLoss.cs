using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A loss to minimise instead of the task's: the model's output, the batch's images and its targets in, a
    /// scalar tensor (mean over the batch) out. Used for training and for the test loss; the task's metrics stay.
    /// </summary>
    public delegate Tensor LossFunction(Tensor output, Tensor images, Tensor targets);

    /// <summary>A task whose loss is replaced by a <see cref="LossFunction"/> (targets are still checked by the task).</summary>
    sealed class CustomLossTask(ITrainingTask inner, LossFunction loss) : ITrainingTask
    {
        public ModelTask Kind => inner.Kind;
        public string MetricName => inner.MetricName;

        public Tensor Loss(Tensor output, Tensor images, Tensor targets)
        {
            Tensor value = loss(output, images, targets);
            if (value.numel() != 1)
                throw new System.InvalidOperationException($"the custom loss returned a tensor of shape [{string.Join(", ", value.shape)}]; it must return one value (the batch mean)");
            return value.dim() == 0 ? value : value.reshape();
        }

        public void CheckTargets(Tensor output, Tensor images, Tensor targets, string where) => inner.CheckTargets(output, images, targets, where);
        public IMetricAccumulator NewAccumulator(bool training) => inner.NewAccumulator(training);
    }
}
