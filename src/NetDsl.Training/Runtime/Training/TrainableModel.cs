using System;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>What every training entry point (the trainer, the learning-rate finder) refuses in a model before touching it.</summary>
    internal static class TrainableModel
    {
        /// <summary>Throws for a disposed module or a <c>ForInference</c> wrapper (no gradients), naming <paramref name="what"/> and the way out.</summary>
        public static void Check(nn.Module<Tensor, Tensor> model, string what)
        {
            DisposedModule.ThrowIf(model, what);
            if (model is InferenceNetwork inference)
                throw new ArgumentException($"{inference.Network.GetType().Name}.ForInference(…) computes without gradients and cannot be used for {what}; " +
                                            "pass the network itself (inference.Network) and call ForInference again afterwards", nameof(model));
            // Else the first backward fails inside libtorch ("element 0 of tensors does not require grad").
            bool trainable = false;
            foreach (var parameter in model.parameters())
                if (parameter.requires_grad) { trainable = true; break; }
            if (!trainable)
                throw new ArgumentException($"{model.GetType().Name} has no trainable parameter (every one has requires_grad false), so {what} has nothing to update; " +
                                            "unfreeze the layers to train (parameter.requires_grad = true), e.g. the head after FineTuning.LoadBackbone(…, freeze: true)", nameof(model));
        }
    }
}
