using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// The training forward and loss, shared by <see cref="Trainer"/> and <see cref="LearningRateFinder"/>: with auxiliary heads
    /// (in training mode), the main loss plus each head's loss times its weight. Targets are checked first, so a bad label is
    /// named rather than failing natively, and images of a size a [Flatten] → [Linear] network cannot take are named as such
    /// (<see cref="FixedSizeInput"/>). A mixed batch (<see cref="MixedBatch"/>) is scored against its soft targets, every
    /// auxiliary head against the same ones.
    /// </summary>
    internal static class TrainingForward
    {
        /// <summary>
        /// The main output; <paramref name="loss"/> the task's loss (plus weighted auxiliary losses). With <paramref name="mixed"/>,
        /// <paramref name="images"/> are its mixed images, <paramref name="targets"/> its own labels (checked against the output).
        /// </summary>
        public static Tensor Run(nn.Module<Tensor, Tensor> model, ITrainingTask task, Tensor images, out Tensor loss, Tensor targets, string where,
                                 MixedBatch? mixed = null)
        {
            Tensor Loss(Tensor output) => mixed?.Loss(output) ?? task.Loss(output, images, targets);
            if (model is IAuxiliaryHeads heads)
            {
                var outputs = FixedSizeInput.Guard(model, images, where, () => heads.ForwardTraining(images));
                task.CheckTargets(outputs.Main, images, targets, where);
                loss = Loss(outputs.Main);
                foreach (var aux in outputs.Auxiliary)
                {
                    task.CheckTargets(aux.Output, images, targets, $"{where}, auxiliary head {aux.Name}");
                    using Scalar weight = aux.Weight.ToScalar();
                    loss = loss.add(Loss(aux.Output), alpha: weight);
                }
                return outputs.Main;
            }
            Tensor output = FixedSizeInput.Call(model, images, where);
            task.CheckTargets(output, images, targets, where);
            loss = Loss(output);
            return output;
        }
    }
}
