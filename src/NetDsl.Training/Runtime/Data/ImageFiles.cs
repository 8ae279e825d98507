using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using StbImageSharp;

namespace NetDsl.Runtime.Data
{
    /// <summary>Finds, checks and decodes PNG/JPEG/BMP files (StbImageSharp, pure managed); errors name the file.</summary>
    internal static class ImageFiles
    {
        static readonly string[] Extensions = { ".png", ".jpg", ".jpeg", ".bmp" };

        /// <summary>The formats read, for messages.</summary>
        public const string Formats = "PNG, JPEG or BMP";

        /// <summary>
        /// Image formats torchvision's ImageFolder or Keras read and NetDsl does not: a file of these in a data folder is
        /// refused by name rather than left out unseen (the set would silently differ from the one PyTorch trains on).
        /// </summary>
        static readonly string[] OtherExtensions = { ".gif", ".ppm", ".pgm", ".pbm", ".tif", ".tiff", ".webp" };

        /// <summary>A PNG, JPEG or BMP by its extension (any case), not hidden (dot files such as macOS's "._a.png" are no images).</summary>
        public static bool IsImage(string path) => Has(Extensions, path);

        /// <summary>A file of one of <paramref name="extensions"/> (any case) that is not hidden.</summary>
        static bool Has(string[] extensions, string path) =>
            extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(path).StartsWith('.');

        /// <summary>
        /// The image files directly inside <paramref name="directory"/>, in ordinal name order. A file of another image format
        /// is an error, or with <paramref name="problems"/> one problem each (a data check names them all).
        /// </summary>
        public static string[] In(string directory, FileProblems? problems = null) => Images(directory, Directory.GetFiles(directory), problems);

        /// <summary>
        /// The image files anywhere under <paramref name="directory"/>, its sub-folders included (as torchvision's
        /// ImageFolder walks a class folder) but not hidden ones, in ordinal path order.
        /// </summary>
        public static string[] Under(string directory, FileProblems? problems = null) => Images(directory, Walk(directory), problems);

        /// <summary>
        /// The files under <paramref name="directory"/> to predict for: <see cref="Under"/>'s images and, in their ordinal place,
        /// files of another image format (a GIF), which prediction refuses one at a time (each costs only its own answer, with the
        /// message it gets when passed by name) rather than refusing the whole folder as training data does.
        /// </summary>
        public static string[] ToPredict(string directory) =>
            Walk(directory).Where(f => IsImage(f) || Has(OtherExtensions, f)).OrderBy(p => p, StringComparer.Ordinal).ToArray();

        /// <summary>Every file under <paramref name="directory"/>, hidden sub-folders and folder loops left out.</summary>
        static List<string> Walk(string directory)
        {
            var files = new List<string>();
            var pending = new Stack<string>();
            // Real paths (every link in them resolved): each folder is walked once, and a link to a folder holding this one (a
            // "loop -> .." inside a class folder) is not walked at all, or it would reach the other classes' images under this label.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string root = RealPaths.Of(directory);
            pending.Push(directory);
            while (pending.Count > 0)
            {
                string dir = pending.Pop();
                string real = RealPaths.Of(dir);
                if (RealPaths.Holds(real, root) && real != root || !seen.Add(real)) continue;
                files.AddRange(Directory.GetFiles(dir));
                foreach (string sub in Directory.GetDirectories(dir))
                    if (!Path.GetFileName(sub).StartsWith('.')) pending.Push(sub);
            }
            return files;
        }

        /// <summary>The images among <paramref name="files"/> (found under <paramref name="directory"/>) in ordinal path order, after refusing other image formats.</summary>
        static string[] Images(string directory, IReadOnlyCollection<string> files, FileProblems? problems)
        {
            RefuseOtherFormats(directory, files, problems);
            return files.Where(IsImage).OrderBy(p => p, StringComparer.Ordinal).ToArray();
        }

        static void RefuseOtherFormats(string directory, IReadOnlyCollection<string> files, FileProblems? problems)
        {
            var other = files.Where(f => Has(OtherExtensions, f)).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            if (other.Length == 0) return;
            if (problems != null)
            {
                foreach (string file in other) problems.Add(file, OtherFormat(file));
                return;
            }
            throw new InvalidDataException(OtherFormat(other[0]) +
                (other.Length > 1 ? $" ({other.Length - 1} more such file{(other.Length > 2 ? "s" : "")} under {directory})" : ""));
        }

        static string OtherFormat(string path) => OtherFormat(path, Path.GetExtension(path).TrimStart('.').ToUpperInvariant());

        /// <summary>The one message for a file of another image format, whether found in a folder or read by name.</summary>
        static string OtherFormat(string path, string format) =>
            $"{path}: a {format} image; NetDsl reads PNG, JPEG and BMP only, so convert it to PNG or move it out of the data folder";

        /// <summary>The image format another reader would take <paramref name="bytes"/> for (GIF, TIFF, WEBP, PNM), by their signature; null when none.</summary>
        static string? OtherSignature(byte[] bytes)
        {
            ReadOnlySpan<byte> b = bytes;
            if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8)) return "GIF";
            if (b.StartsWith("II*\0"u8) || b.StartsWith("MM\0*"u8)) return "TIFF";
            if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return "WEBP";
            if (b.Length >= 3 && b[0] == 'P' && b[1] is >= (byte)'1' and <= (byte)'6' && b[2] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t') return "PNM";
            return null;
        }

        /// <summary>
        /// Decodes <paramref name="path"/>; <paramref name="channels"/> 1 or 3 asks stb for gray or RGB (it
        /// converts, dropping alpha), 0 keeps the file's own components.
        /// </summary>
        public static ImageResult Decode(string path, int channels) => Decode(path, ReadBytes(path), channels);

        /// <summary>The file's bytes; a missing or unreadable file is named.</summary>
        public static byte[] ReadBytes(string path)
        {
            try { return File.ReadAllBytes(path); }
            catch (FileNotFoundException) when (new FileInfo(path).LinkTarget is string target)
            {
                throw new FileNotFoundException($"{path}: a symbolic link to {target}, which does not exist", path);
            }
            catch (FileNotFoundException) { throw new FileNotFoundException($"{path}: file not found", path); }
            // .NET says "Access to the path is denied" for a folder; name what it is (Predict(folder) meant its images).
            catch (UnauthorizedAccessException) when (Directory.Exists(path))
            {
                throw new InvalidDataException($"{path}: is a folder, not an image file; pass its images: ImageInputs.Expand(new[] {{ \"{path}\" }}) walks it for image files, as predict does (Predict, Classify, Segment and Detect walk folders themselves)");
            }
            catch (IOException e) { throw new InvalidDataException($"{path}: cannot be read: {e.Message}", e); }
        }

        /// <summary>Checks and decodes <paramref name="bytes"/>, the contents of <paramref name="path"/> (see <see cref="Decode(string, int)"/>).</summary>
        public static ImageResult Decode(string path, byte[] bytes, int channels)
        {
            Validate(path, bytes);
            return DecodeChecked(path, bytes, channels);
        }

        /// <summary>Decodes <paramref name="bytes"/> that <see cref="Validate"/> has accepted (or a checked file rewritten whole).</summary>
        public static ImageResult DecodeChecked(string path, byte[] bytes, int channels)
        {
            var components = channels switch
            {
                0 => ColorComponents.Default,
                1 => ColorComponents.Grey,
                3 => ColorComponents.RedGreenBlue,
                _ => throw new ArgumentException($"{path}: the model wants {channels} channels; image files give 1 (grayscale) or 3 (RGB)"),
            };
            ImageResult image;
            try { image = ImageResult.FromMemory(bytes, components); }
            // The decoder is a C port: a damaged file can fail with any exception type, not only its own.
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidDataException($"{path}: not a readable {Formats} image ({e.Message})", e);
            }
            if (image.Width <= 0 || image.Height <= 0)
                throw new InvalidDataException($"{path}: decoded to an empty {image.Width}x{image.Height} image");
            return image;
        }

        /// <summary>
        /// Checks the file's checksums and structure before the decoder sees it (the decoder checks neither
        /// and decodes a corrupt file into wrong pixels): <see cref="PngCheck"/>, <see cref="JpegCheck"/>, <see cref="BmpCheck"/>.
        /// </summary>
        public static void Validate(string path, byte[] bytes)
        {
            if (bytes.Length == 0) throw new InvalidDataException($"{path}: an empty file (0 bytes), not a {Formats} image");
            if (PngCheck.HasSignature(bytes)) PngCheck.Validate(path, bytes);
            else if (JpegCheck.HasSignature(bytes)) JpegCheck.Validate(path, bytes);
            else if (BmpCheck.HasSignature(bytes)) BmpCheck.Validate(path, bytes);
            else if (OtherSignature(bytes) is string format) throw new InvalidDataException(OtherFormat(path, format));
            else if (Has(OtherExtensions, path)) throw new InvalidDataException(OtherFormat(path));
            else throw new InvalidDataException($"{path}: not a {Formats} file (its first bytes are none of their signatures)");
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
