using System;
using System.IO;
using System.IO.Compression;

namespace NetDsl.Runtime.Data
{
    /// <summary>An IDX image file's content: <see cref="Count"/> images of Rows x Columns bytes each.</summary>
    internal sealed record IdxImages(string Path, int Count, int Rows, int Columns, byte[] Pixels);

    /// <summary>
    /// Reads MNIST's IDX files (plain or gzipped). Every problem is an <see cref="InvalidDataException"/>
    /// whose message starts with the file's path and says what is wrong with it.
    /// </summary>
    internal static class IdxReader
    {
        public const int ImagesMagic = 2051;
        public const int LabelsMagic = 2049;

        public static IdxImages ReadImages(string path)
        {
            byte[] bytes = ReadAll(path);
            CheckMagic(path, bytes, ImagesMagic, "images");
            if (bytes.Length < 16) throw Problem(path, $"truncated: the header needs 16 bytes but the file holds {bytes.Length}");
            int count = BigEndian(bytes, 4), rows = BigEndian(bytes, 8), columns = BigEndian(bytes, 12);
            if (count < 0 || rows <= 0 || columns <= 0)
                throw Problem(path, $"invalid header: {count} images of {rows}x{columns}");
            long size = (long)rows * columns;
            long expected = 16 + count * size;
            if (bytes.Length < expected)
                throw Problem(path, $"truncated: header says {count} images of {rows}x{columns} but the file holds {(bytes.Length - 16) / size}");
            if (bytes.Length > expected)
                throw Problem(path, $"{bytes.Length - expected} unexpected bytes after the {count} images the header announces");
            var pixels = new byte[count * size];
            Buffer.BlockCopy(bytes, 16, pixels, 0, pixels.Length);
            return new IdxImages(path, count, rows, columns, pixels);
        }

        /// <summary>Reads labels and checks each is below <paramref name="classes"/>.</summary>
        public static byte[] ReadLabels(string path, int classes = 10)
        {
            byte[] bytes = ReadAll(path);
            CheckMagic(path, bytes, LabelsMagic, "labels");
            if (bytes.Length < 8) throw Problem(path, $"truncated: the header needs 8 bytes but the file holds {bytes.Length}");
            int count = BigEndian(bytes, 4);
            if (count < 0) throw Problem(path, $"invalid header: {count} labels");
            long expected = 8L + count;
            if (bytes.Length < expected)
                throw Problem(path, $"truncated: header says {count} labels but the file holds {bytes.Length - 8}");
            if (bytes.Length > expected)
                throw Problem(path, $"{bytes.Length - expected} unexpected bytes after the {count} labels the header announces");
            var labels = new byte[count];
            Buffer.BlockCopy(bytes, 8, labels, 0, count);
            for (int i = 0; i < count; i++)
                if (labels[i] >= classes)
                    throw Problem(path, $"label {labels[i]} at index {i} is outside 0..{classes - 1}");
            return labels;
        }

        /// <summary>The file's bytes, decompressed when it ends in .gz.</summary>
        static byte[] ReadAll(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
            try
            {
                if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return File.ReadAllBytes(path);
                using var file = File.OpenRead(path);
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                using var memory = new MemoryStream();
                gzip.CopyTo(memory);
                return memory.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw Problem(path, "not a valid gzip file: " + e.Message);
            }
            catch (IOException e) when (e is not FileNotFoundException)
            {
                throw Problem(path, "cannot be read: " + e.Message);
            }
        }

        static void CheckMagic(string path, byte[] bytes, int magic, string what)
        {
            if (bytes.Length < 4) throw Problem(path, $"truncated: {bytes.Length} bytes, too short for an IDX header");
            int found = BigEndian(bytes, 0);
            if (found != magic)
                throw Problem(path, $"bad magic number {found} (0x{found:x8}); IDX {what} files start with {magic}");
        }

        static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];

        static InvalidDataException Problem(string path, string what) => new InvalidDataException(path + ": " + what);
    }
}
