using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Image files → a model's input batch, exactly as the evaluation side of the file-backed data path prepares them
    /// (<see cref="DataSource.OpenBatches"/>): decoded to the model's channels (gray or RGB), resized to its H×W and
    /// normalised (ImageNet's statistics, as <c>folder:</c> data uses, unless told otherwise).
    /// </summary>
    internal static class ImagePreprocessing
    {
        /// <summary>A [N, C, H, W] float tensor of <paramref name="paths"/> for a model whose input is <paramref name="input"/>.</summary>
        public static Tensor Load(IEnumerable<string> paths, TensorShape input, Normalize? normalize = null) =>
            Load(paths, input, normalize, out _);

        /// <summary>As <see cref="Load(IEnumerable{string}, TensorShape, Normalize?)"/>, with each file's own height and width before resizing.</summary>
        public static Tensor Load(IEnumerable<string> paths, TensorShape input, Normalize? normalize, out IReadOnlyList<(int Height, int Width)> sizes)
        {
            if (!input.Is2d || (input.C != 1 && input.C != 3))
                throw new System.ArgumentException($"image files need a model input of 1xHxW or 3xHxW, not {input}", nameof(input));
            var pipeline = AugmentationOptions.Evaluation(input, normalize ?? Normalize.ImageNet);
            // Evaluation transforms draw nothing at random; the generator only satisfies the interface.
            var random = new System.Random(0);
            var originals = new List<(int Height, int Width)>();
            var samples = paths.Select(p =>
            {
                var image = ImageFiles.Decode(p, input.C);
                originals.Add((image.Height, image.Width));
                return pipeline.Apply(ImageFiles.ToSample(image, p, 0), random);
            }).ToList();
            sizes = originals;
            if (samples.Count == 0) throw new System.ArgumentException("no image files given", nameof(paths));
            var (images, labels) = BatchAssembler.Assemble(samples, masks: false);
            labels.Dispose();
            return images;
        }
    }
}
