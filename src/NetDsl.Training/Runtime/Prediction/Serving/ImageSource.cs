using System;
using System.IO;
using System.Runtime.InteropServices;
using NetDsl.Runtime.Data;

namespace NetDsl
{
    /// <summary>
    /// One encoded image (PNG, JPEG or BMP) for a <see cref="Predictor"/>: a file, bytes in memory, or a stream, with the name its
    /// answer and errors go under. Every kind is decoded, resized and normalised by the same code as a file is.
    /// </summary>
    public sealed class ImageSource
    {
        readonly Func<long, byte[]> read;

        ImageSource(string name, Func<long, byte[]> read)
        {
            Name = name;
            this.read = read;
        }

        /// <summary>The name answers and errors carry (a file's path as given).</summary>
        public string Name { get; }

        /// <summary>The image file at <paramref name="path"/>, read when predicted for (a missing file is that item's error).</summary>
        public static ImageSource FromFile(string path) => new(path, maxBytes =>
        {
            // The size is known before reading: an oversized file is refused without loading it.
            if (File.Exists(path) && new FileInfo(path).Length is long length && length > maxBytes) throw TooLarge(path, $"{length:N0} bytes, more than", maxBytes);
            return ImageFiles.ReadBytes(path);
        });

        /// <summary>An encoded image in memory (not copied until read; keep it unchanged until the call returns).</summary>
        public static ImageSource FromBytes(ReadOnlyMemory<byte> bytes, string name = "image bytes") =>
            new(name, maxBytes => bytes.Length > maxBytes ? throw TooLarge(name, $"{bytes.Length:N0} bytes, more than", maxBytes)
                : MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length
                ? whole.Array : bytes.ToArray());

        /// <summary>An encoded image read from <paramref name="stream"/>'s position to its end when predicted for; the stream is left open.</summary>
        public static ImageSource FromStream(Stream stream, string name = "image stream")
        {
            ArgumentNullException.ThrowIfNull(stream);
            return new(name, maxBytes =>
            {
                try
                {
                    // Read at most one byte past the limit: a caller's endless or huge stream is refused, not buffered whole.
                    using var copy = new MemoryStream();
                    var buffer = new byte[81920];
                    int read;
                    while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - copy.Length))) > 0)
                    {
                        copy.Write(buffer, 0, read);
                        if (copy.Length > maxBytes) throw TooLarge(name, "the stream holds more than", maxBytes);
                    }
                    return copy.ToArray();
                }
                catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException)
                {
                    throw new InvalidDataException($"{name}: the stream cannot be read: {e.Message}", e);
                }
            });
        }

        /// <summary>The image file at <paramref name="path"/> (<see cref="FromFile"/>).</summary>
        public static implicit operator ImageSource(string path) => FromFile(path);

        /// <summary>The encoded bytes; more than <paramref name="maxBytes"/> is refused (<see cref="PredictorOptions.MaxBytes"/>).</summary>
        internal byte[] Read(long maxBytes) => read(maxBytes);

        static InvalidDataException TooLarge(string name, string size, long maxBytes) =>
            new($"{name}: {size} the {maxBytes:N0} bytes an encoded image may have here (PredictorOptions.MaxBytes)");

        /// <inheritdoc/>
        public override string ToString() => Name;
    }
}
