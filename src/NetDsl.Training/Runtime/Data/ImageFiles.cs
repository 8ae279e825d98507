using System;
using System.IO;
using System.Linq;
using StbImageSharp;

namespace NetDsl.Runtime.Data
{
    /// <summary>Finds, checks and decodes PNG/JPEG files (StbImageSharp, pure managed); errors name the file.</summary>
    internal static class ImageFiles
    {
        static readonly string[] Extensions = { ".png", ".jpg", ".jpeg" };

        public static bool IsImage(string path) =>
            Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

        /// <summary>The image files directly inside <paramref name="directory"/>, in ordinal name order.</summary>
        public static string[] In(string directory) =>
            Directory.GetFiles(directory).Where(IsImage).OrderBy(p => p, StringComparer.Ordinal).ToArray();

        /// <summary>
        /// Decodes <paramref name="path"/>; <paramref name="channels"/> 1 or 3 asks stb for gray or RGB (it
        /// converts, dropping alpha), 0 keeps the file's own components.
        /// </summary>
        public static ImageResult Decode(string path, int channels)
        {
            var components = channels switch
            {
                0 => ColorComponents.Default,
                1 => ColorComponents.Grey,
                3 => ColorComponents.RedGreenBlue,
                _ => throw new ArgumentException($"{path}: the model wants {channels} channels; image files give 1 (grayscale) or 3 (RGB)"),
            };
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (FileNotFoundException) { throw new FileNotFoundException($"{path}: file not found", path); }
            catch (IOException e) { throw new InvalidDataException($"{path}: cannot be read: {e.Message}", e); }
            Validate(path, bytes);
            ImageResult image;
            try { image = ImageResult.FromMemory(bytes, components); }
            // The decoder is a C port: a damaged file can fail with any exception type, not only its own.
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidDataException($"{path}: not a readable PNG or JPEG image ({e.Message})", e);
            }
            if (image.Width <= 0 || image.Height <= 0)
                throw new InvalidDataException($"{path}: decoded to an empty {image.Width}x{image.Height} image");
            return image;
        }

        /// <summary>
        /// Checks the file's checksums and structure before the decoder sees it (the decoder checks neither
        /// and decodes a corrupt file into wrong pixels): <see cref="PngCheck"/>, <see cref="JpegCheck"/>.
        /// </summary>
        public static void Validate(string path, byte[] bytes)
        {
            if (PngCheck.HasSignature(bytes)) PngCheck.Validate(path, bytes);
            else if (JpegCheck.HasSignature(bytes)) JpegCheck.Validate(path, bytes);
            else throw new InvalidDataException($"{path}: neither a PNG nor a JPEG file (its first bytes are no PNG or JPEG signature)");
        }

        /// <summary>A decoded image as a sample: interleaved bytes become planar floats in [0, 1].</summary>
        public static Sample ToSample(ImageResult image, string path, int label)
        {
            int channels = (int)image.Comp, plane = image.Width * image.Height;
            var pixels = new float[channels * plane];
            byte[] data = image.Data;
            for (int i = 0; i < plane; i++)
                for (int c = 0; c < channels; c++)
                    pixels[c * plane + i] = data[i * channels + c] / 255f;
            return new Sample(pixels, channels, image.Height, image.Width, label, null, path);
        }
    }
}
