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
    /// normalised (ImageNet's statistics, as <c>folder:</c> data uses, unless told otherwise). Encoded bytes from memory
    /// (<see cref="Prepare"/>, what <c>Predictor</c> reads) go through the same decode, resize and normalisation as a file.
    /// </summary>
    internal static class ImagePreprocessing
    {
        /// <summary>A [N, C, H, W] float tensor of <paramref name="paths"/> for a model whose input is <paramref name="input"/>.</summary>
        public static Tensor Load(IEnumerable<string> paths, TensorShape input, Normalize? normalize = null) =>
            Load(paths, input, normalize, out _);

        /// <summary>As <see cref="Load(IEnumerable{string}, TensorShape, Normalize?)"/>, with each file's own height and width before resizing.</summary>
        public static Tensor Load(IEnumerable<string> paths, TensorShape input, Normalize? normalize, out IReadOnlyList<(int Height, int Width)> sizes)
        {
            var pipeline = Pipeline(input, normalize);
            var originals = new List<(int Height, int Width)>();
            var samples = paths.Select(p =>
            {
                var sample = Prepare(p, ImageFiles.ReadBytes(p), input, pipeline);
                originals.Add((sample.Height, sample.Width));
                return sample.Sample;
            }).ToList();
            sizes = originals;
            if (samples.Count == 0) throw new System.ArgumentException("no image files given", nameof(paths));
            return Batch(samples);
        }

        /// <summary>The evaluation pipeline (resize, normalise) for a model whose input is <paramref name="input"/>; refuses an input images cannot feed.</summary>
        public static SamplePipeline Pipeline(TensorShape input, Normalize? normalize)
        {
            if (!input.Is2d || (input.C != 1 && input.C != 3))
                throw new System.ArgumentException($"image files need a model input of 1xHxW or 3xHxW, not {input}", nameof(input));
            return AugmentationOptions.Evaluation(input, normalize ?? Normalize.ImageNet);
        }

        /// <summary>
        /// One encoded image (<paramref name="bytes"/>, named <paramref name="name"/> in errors) checked, decoded to the model's
        /// channels and put through <paramref name="pipeline"/>; with its own height and width before resizing.
        /// </summary>
        public static (Sample Sample, int Height, int Width) Prepare(string name, byte[] bytes, TensorShape input, SamplePipeline pipeline)
        {
            var image = ImageFiles.Decode(name, bytes, input.C);
            // Evaluation transforms draw nothing at random; the generator only satisfies the interface.
            return (pipeline.Apply(ImageFiles.ToSample(image, name, 0), new System.Random(0)), image.Height, image.Width);
        }

        /// <summary>Prepared samples as one [N, C, H, W] batch.</summary>
        public static Tensor Batch(IReadOnlyList<Sample> samples)
        {
            var (images, labels) = BatchAssembler.Assemble(samples, masks: false);
            labels.Dispose();
            return images;
        }
    }
}
