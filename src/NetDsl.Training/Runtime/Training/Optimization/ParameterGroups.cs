using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A trainable parameter, its state-dict name, whether weight decay applies to it, and the multiplier of the
    /// scheduled learning rate for it (its parameter group's, <see cref="LearningRateScales"/>).
    /// </summary>
    internal sealed record TrainableParameter(string Name, Parameter Parameter, bool Decays, double LearningRateScale = 1.0);

    internal static class ParameterGroups
    {
        /// <summary>
        /// The model's trainable parameters. With <paramref name="exemptNormsAndBiases"/>, parameters of at most
        /// one dimension (biases, norm scales and shifts) get no weight decay: shrinking them toward zero only
        /// fights the normalization and rarely helps generalization. <paramref name="scales"/> sets each one's
        /// learning-rate multiplier; a prefix that covers no trainable parameter throws (<see cref="LearningRateScales.CheckAgainst"/>).
        /// </summary>
        public static List<TrainableParameter> Of(nn.Module model, bool exemptNormsAndBiases, LearningRateScales? scales = null)
        {
            scales ??= LearningRateScales.None;
            var list = new List<TrainableParameter>();
            foreach (var (name, parameter) in model.named_parameters())
                if (parameter.requires_grad)
                    list.Add(new TrainableParameter(name, parameter, !exemptNormsAndBiases || parameter.dim() > 1, scales.ScaleOf(name)));
            scales.CheckAgainst(list.ConvertAll(p => p.Name));
            return list;
        }

        /// <summary>Splits <c>buffer/parameter</c> and finds the parameter, or throws naming the key.</summary>
        public static TrainableParameter Find(List<TrainableParameter> parameters, string key, Tensor value, out string buffer)
        {
            int slash = key.IndexOf('/');
            buffer = slash < 0 ? "" : key.Substring(0, slash);
            string name = key.Substring(slash + 1);
            TrainableParameter? found = parameters.Find(p => p.Name == name);
            if (found is null) throw new ArgumentException($"optimizer state '{key}' is for a parameter the model does not have", nameof(key));
            if (!found.Parameter.shape.AsSpan().SequenceEqual(value.shape))
                throw new ArgumentException($"optimizer state '{key}' has shape [{string.Join(", ", value.shape)}] but the parameter has [{string.Join(", ", found.Parameter.shape)}]", nameof(value));
            return found;
        }
    }
}
