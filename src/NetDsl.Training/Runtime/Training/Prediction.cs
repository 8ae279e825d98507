using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Inference from code (Keras' <c>model.predict</c>): eval mode (dropout off, BatchNorm on its running statistics)
    /// and no gradients, on the model's device; the mode the model was in is restored afterwards.
    /// </summary>
    public static class Prediction
    {
        /// <summary>
        /// The model's output for <paramref name="images"/> ([N, C, H, W], or one [C, H, W] sample, which gets a batch
        /// axis of 1), on the CPU. The caller disposes the result.
        /// </summary>
        public static Tensor Predict(this nn.Module<Tensor, Tensor> model, Tensor images)
        {
            Nnpack.Disable();   // any module, not only a generated network: no NNPACK line per single-image convolution
            DisposedModule.ThrowIf(model, "Predict");
            bool wasTraining = model.training;
            var device = model.parameters().FirstOrDefault()?.device ?? CPU;
            model.eval();
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                Tensor batch = images.dim() == 3 ? images.unsqueeze(0) : images;
                Tensor output = NetDsl.Runtime.Training.FixedSizeInput.Call(model, batch.to(device)).cpu();
                return output.MoveToOuterDisposeScope();
            }
            finally
            {
                if (wasTraining) model.train();
            }
        }

        /// <summary>
        /// The network's output for image files, prepared with the model's own preprocessing
        /// (<see cref="ImagePreprocessing.Load"/>: its channels, its H×W, ImageNet normalisation unless
        /// <paramref name="normalize"/> says otherwise — use the statistics the model was trained with).
        /// </summary>
        public static Tensor Predict(this Network network, IEnumerable<string> imageFiles, Normalize? normalize = null)
        {
            using var images = ImagePreprocessing.Load(imageFiles, network.InputShape, normalize);
            return network.Predict(images);
        }

        /// <summary>The network's output for one image file, a batch of one; see <see cref="Predict(Network, IEnumerable{string}, Normalize?)"/>.</summary>
        public static Tensor Predict(this Network network, string imageFile, Normalize? normalize = null) =>
            network.Predict(new[] { imageFile }, normalize);
    }
}
