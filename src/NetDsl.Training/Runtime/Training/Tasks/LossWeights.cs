using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>Per-class loss weights as the tensor torch's cross-entropy takes, checked against the output's classes.</summary>
    internal static class LossWeights
    {
        /// <summary>
        /// <paramref name="weights"/> as a float tensor on <paramref name="output"/>'s device (dim 1 holds the classes); null when none.
        /// A count other than the output's classes is named, not left to torch's "weight tensor should be defined either for all … classes".
        /// </summary>
        public static Tensor? For(IReadOnlyList<double>? weights, Tensor output)
        {
            if (weights == null) return null;
            long classes = output.shape[1];
            if (weights.Count != classes)
                throw new InvalidDataException($"TrainerOptions.ClassWeights holds {weights.Count} weights, but the model outputs {classes} classes; give one weight per class");
            var weight = tensor(weights.Select(w => (float)w).ToArray(), device: output.device);
            if (weight.dtype == output.dtype) return weight;
            using (weight) return weight.to_type(output.dtype);   // bf16/fp16 logits take weights of their own type
        }
    }
}
