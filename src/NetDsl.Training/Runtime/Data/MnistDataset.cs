using System;
using System.IO;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// MNIST from a folder of the four IDX files (each may be gzipped). Images are normalized with
    /// MNIST's mean and std, replicated to the channels the model wants and resized if it needs another size.
    /// </summary>
    internal static class MnistDataset
    {
        public const float Mean = 0.1307f, Std = 0.3081f;
        public static readonly TensorShape NativeShape = new TensorShape(1, 28, 28);
        static readonly string[] Digits = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

        /// <summary>Loads both splits shaped for <paramref name="shape"/> (CxHxW, or a vector of H·W features).</summary>
        public static DataSplits Load(string directory, TensorShape shape)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: MNIST folder not found");
            var train = LoadSplit(directory, "train", shape);
            try { return new DataSplits("mnist", train, LoadSplit(directory, "t10k", shape)) { Normalization = Augmentations.Normalize.Mnist }; }
            catch { train.Dispose(); throw; }
        }

        /// <summary>One split: <paramref name="prefix"/> is "train" or "t10k".</summary>
        public static LabeledImages LoadSplit(string directory, string prefix, TensorShape shape)
        {
            string imagesPath = Find(directory, prefix + "-images-idx3-ubyte");
            string labelsPath = Find(directory, prefix + "-labels-idx1-ubyte");
            var images = IdxReader.ReadImages(imagesPath);
            byte[] labels = IdxReader.ReadLabels(labelsPath);
            CheckCounts(labelsPath, labels, images);

            var pixels = new float[images.Pixels.Length];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (images.Pixels[i] / 255f - Mean) / Std;
            var longLabels = new long[labels.Length];
            for (int i = 0; i < labels.Length; i++) longLabels[i] = labels[i];

            using var scope = NewDisposeScope();
            Tensor x = tensor(pixels, new long[] { images.Count, 1, images.Rows, images.Columns });
            x = Reshape(x, shape, images);
            return new LabeledImages(x.MoveToOuterDisposeScope(), tensor(longLabels).MoveToOuterDisposeScope(), shape, Digits);
        }

        /// <summary>A label per image: otherwise an error naming the labels file.</summary>
        public static void CheckCounts(string labelsPath, byte[] labels, IdxImages images)
        {
            if (labels.Length != images.Count)
                throw new InvalidDataException(
                    $"{labelsPath}: holds {labels.Length} labels but {Path.GetFileName(images.Path)} holds {images.Count} images");
        }

        static Tensor Reshape(Tensor x, TensorShape shape, IdxImages images)
        {
            if (shape.Is1d)
                throw new ArgumentException($"{images.Path}: MNIST holds {images.Rows}x{images.Columns} images; a 1-D input {shape} (CxL) is no image size: use 1x{images.Rows}x{images.Columns} or {images.Rows * images.Columns}");
            if (!shape.IsMap)
            {
                if (shape.C != images.Rows * images.Columns)
                    throw new ArgumentException($"{images.Path}: a vector input of {shape.C} features cannot hold {images.Rows}x{images.Columns} images; use {images.Rows * images.Columns}");
                return x.reshape(images.Count, shape.C);
            }
            if (shape.H != images.Rows || shape.W != images.Columns)
                x = nn.functional.interpolate(x, new long[] { shape.H, shape.W }, mode: InterpolationMode.Bilinear, align_corners: false);
            if (shape.C != 1) x = x.expand(images.Count, shape.C, shape.H, shape.W).contiguous();
            return x;
        }

        /// <summary>
        /// The plain file, else its .gz, else either under the dotted name some mirrors use (<c>train-images.idx3-ubyte</c>);
        /// the error names the plain path.
        /// </summary>
        public static string Find(string directory, string name)
        {
            string plain = Path.Combine(directory, name), dotted = Path.Combine(directory, name.Replace("-idx", ".idx"));
            foreach (string candidate in new[] { plain, plain + ".gz", dotted, dotted + ".gz" })
                if (File.Exists(candidate)) return candidate;
            throw new FileNotFoundException($"{plain}: file not found (nor {name}.gz)", plain);
        }
    }
}
