using System;
using System.Globalization;
using System.IO;
using NetDsl.Shapes;

namespace NetDsl.Runtime.Data.Export
{
    /// <summary>What <see cref="ShapesFolder.Write"/> wrote.</summary>
    public sealed record ShapesFolderInfo(string Directory, int TrainCount, int TestCount, int ClassCount, bool Masks);

    /// <summary>
    /// The built-in shapes set written as an image folder that NetDsl's <c>folder:</c> / <c>maskfolder:</c> sources and
    /// torchvision's <c>ImageFolder</c> read: for classification <c>train/&lt;class&gt;/00000.png</c> and
    /// <c>test/&lt;class&gt;/…</c>; for segmentation <c>train/images/</c> and <c>train/masks/</c> (a gray PNG whose value is
    /// the class, 0 = background), the same under <c>test/</c>, and <c>classes.txt</c>. The images are the in-memory set's
    /// for the same seed and size, rounded to 8 bits.
    /// </summary>
    public static class ShapesFolder
    {
        /// <summary>Writes the train and test splits under <paramref name="directory"/> (created; it must not hold a split already).</summary>
        public static ShapesFolderInfo Write(string directory, TensorShape input, int trainCount, int testCount, int seed, bool masks)
        {
            if (!input.Is2d || (input.C != 1 && input.C != 3))
                throw new ArgumentException($"an image folder holds 1xHxW (gray) or 3xHxW (RGB) images, not {input}", nameof(input));
            foreach (string split in new[] { "train", "test" })
                if (System.IO.Directory.Exists(Path.Combine(directory, split)))
                    throw new IOException($"{Path.Combine(directory, split)}: already exists; write the shapes set into an empty or new folder");
            using var splits = masks ? ShapesDataset.LoadSegmentation(input, seed, trainCount, testCount) : ShapesDataset.Load(input, seed, trainCount, testCount);
            WriteSplit(Path.Combine(directory, "train"), splits.Train, masks);
            WriteSplit(Path.Combine(directory, "test"), splits.Test, masks);
            if (masks) File.WriteAllLines(Path.Combine(directory, MaskFolderDataset.ClassesFile), splits.Train.ClassNames);
            return new ShapesFolderInfo(directory, trainCount, testCount, splits.Train.ClassCount, masks);
        }

        static void WriteSplit(string root, LabeledImages set, bool masks)
        {
            int count = set.Count, channels = set.SampleShape.C, height = set.SampleShape.H, width = set.SampleShape.W;
            int plane = height * width;
            float[] pixels = set.Images.data<float>().ToArray();
            long[] targets = set.Targets.data<long>().ToArray();
            var interleaved = new byte[plane * channels];
            var mask = new byte[plane];
            if (masks)
            {
                System.IO.Directory.CreateDirectory(Path.Combine(root, "images"));
                System.IO.Directory.CreateDirectory(Path.Combine(root, "masks"));
            }
            else foreach (string name in set.ClassNames) System.IO.Directory.CreateDirectory(Path.Combine(root, name));

            for (int i = 0; i < count; i++)
            {
                int offset = i * channels * plane;
                for (int c = 0; c < channels; c++)
                    for (int p = 0; p < plane; p++)
                        interleaved[p * channels + c] = ToByte(pixels[offset + c * plane + p]);
                string file = i.ToString("D5", CultureInfo.InvariantCulture) + ".png";
                if (!masks)
                {
                    PngWriter.Write(Path.Combine(root, set.ClassNames[(int)targets[i]], file), interleaved, width, height, channels);
                    continue;
                }
                PngWriter.Write(Path.Combine(root, "images", file), interleaved, width, height, channels);
                for (int p = 0; p < plane; p++) mask[p] = checked((byte)targets[i * plane + p]);
                PngWriter.Write(Path.Combine(root, "masks", file), mask, width, height, 1);
            }
        }

        /// <summary>Undoes the set's normalisation: the rendered value in [0, 1] as a byte.</summary>
        public static byte ToByte(float normalized) =>
            (byte)Math.Clamp(Math.Round((normalized * ShapesDataset.Std + ShapesDataset.Mean) * 255.0), 0, 255);
    }
}
