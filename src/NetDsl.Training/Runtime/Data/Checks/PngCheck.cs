using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Checks a PNG before it is decoded (StbImageSharp ignores both checksums): the chunk layout, every
    /// chunk's CRC-32, the header's values, and the zlib stream (header, Adler-32, and exactly the number of
    /// bytes the header's size implies). Inflating streams through a fixed buffer, so nothing beyond the
    /// file and that buffer is allocated, and a stream that inflates past the declared size stops there.
    /// Every problem is an <see cref="InvalidDataException"/> naming the file and the chunk or value.
    /// </summary>
    internal static class PngCheck
    {
        /// <summary>The largest image accepted (16384 x 16384): a header may not ask the decoder for more.</summary>
        public const long MaxPixels = 1L << 28;

        static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

        public static void Validate(string path, byte[] bytes)
        {
            if (!HasSignature(bytes)) throw Problem(path, "not a PNG file (no PNG signature)");
            Header? header = null;
            using var compressed = new MemoryStream();
            int at = Signature.Length;
            bool ended = false;
            while (!ended)
            {
                if (bytes.Length - at < 12)
                    throw Problem(path, $"truncated at byte {at}: {bytes.Length - at} bytes left where a chunk (or IEND) should follow");
                uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
                string type = ChunkType(bytes.AsSpan(at + 4, 4));
                if (length > (uint)(bytes.Length - at - 12))
                    throw Problem(path, $"chunk '{type}' at byte {at} declares {length} data bytes but only {bytes.Length - at - 12} remain: the file is truncated or corrupt");
                var data = bytes.AsSpan(at + 8, (int)length);
                uint stored = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 8 + (int)length));
                uint computed = Checksums.Crc32(Checksums.Crc32(0, bytes.AsSpan(at + 4, 4)), data);
                if (stored != computed)
                    throw Problem(path, $"chunk '{type}' at byte {at} fails its CRC (stored 0x{stored:x8}, computed 0x{computed:x8}): the file is corrupt");
                if (header == null && type != "IHDR") throw Problem(path, $"the first chunk is '{type}', not IHDR");
                switch (type)
                {
                    case "IHDR":
                        if (header != null) throw Problem(path, $"a second IHDR chunk at byte {at}");
                        header = ReadHeader(path, data);
                        break;
                    case "IDAT":
                        compressed.Write(data);
                        break;
                    case "IEND":
                        ended = true;
                        break;
                }
                at += 12 + (int)length;
            }
            if (compressed.Length == 0) throw Problem(path, "no IDAT chunk: the image holds no pixel data");
            CheckZlib(path, compressed.GetBuffer().AsSpan(0, (int)compressed.Length), header!.Value);
        }

        /// <summary>
        /// The width and height a PNG's header declares, read before anything is checked or inflated (IHDR is its first chunk,
        /// at a fixed place); null when <paramref name="bytes"/> is no PNG or too short to hold an IHDR there.
        /// </summary>
        public static (long Width, long Height)? DeclaredSize(ReadOnlySpan<byte> bytes)
        {
            int ihdr = Signature.Length;
            if (!HasSignature(bytes) || bytes.Length < ihdr + 16 || !bytes.Slice(ihdr + 4, 4).SequenceEqual("IHDR"u8)) return null;
            return (BinaryPrimitives.ReadUInt32BigEndian(bytes[(ihdr + 8)..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[(ihdr + 12)..]));
        }

        /// <summary>The bit depth of a PNG that <see cref="Validate"/> accepted (IHDR is its first chunk, at a fixed place).</summary>
        public static int BitDepth(ReadOnlySpan<byte> png) => png[Signature.Length + 8 + 8];

        /// <summary>
        /// A checked palette PNG with its palette replaced by the gray ramp (entry i is (i, i, i)) and no tRNS chunk, so a
        /// decoder that expands the palette gives each pixel's index as its gray value; null when <paramref name="png"/>
        /// has no palette (colour type 3). For masks saved as palette images (Pascal VOC's): the index is the class.
        /// </summary>
        public static byte[]? WithIndexPalette(ReadOnlySpan<byte> png)
        {
            if (png[Signature.Length + 8 + 9] != 3) return null;
            using var output = new MemoryStream(png.Length);
            output.Write(png[..Signature.Length]);
            for (int at = Signature.Length; at + 12 <= png.Length;)
            {
                int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
                var chunk = png.Slice(at, 12 + length);
                at += 12 + length;
                string type = Encoding.ASCII.GetString(chunk.Slice(4, 4));
                if (type == "tRNS") continue;
                if (type != "PLTE")
                {
                    output.Write(chunk);
                    continue;
                }
                var ramp = chunk.ToArray();
                for (int i = 0; i < length / 3; i++) ramp.AsSpan(8 + 3 * i, 3).Fill((byte)i);
                BinaryPrimitives.WriteUInt32BigEndian(ramp.AsSpan(8 + length), Checksums.Crc32(0, ramp.AsSpan(4, 4 + length)));
                output.Write(ramp);
            }
            return output.ToArray();
        }

        readonly record struct Header(int Width, int Height, int BitsPerPixel, bool Interlaced)
        {
            /// <summary>Filter byte plus packed pixels per row, over all rows (of the seven Adam7 passes when interlaced).</summary>
            public long InflatedSize()
            {
                if (!Interlaced) return Rows(Width, Height);
                ReadOnlySpan<int> passes = stackalloc int[] { 0, 0, 8, 8, 4, 0, 8, 8, 0, 4, 4, 8, 2, 0, 4, 4, 0, 2, 2, 4, 1, 0, 2, 2, 0, 1, 1, 2 };
                long total = 0;
                for (int p = 0; p < passes.Length; p += 4)
                {
                    long w = Width > passes[p] ? (Width - passes[p] + passes[p + 2] - 1) / passes[p + 2] : 0;
                    long h = Height > passes[p + 1] ? (Height - passes[p + 1] + passes[p + 3] - 1) / passes[p + 3] : 0;
                    if (w > 0 && h > 0) total += Rows(w, h);
                }
                return total;
            }

            long Rows(long w, long h) => h * (1 + (w * BitsPerPixel + 7) / 8);
        }

        static Header ReadHeader(string path, ReadOnlySpan<byte> data)
        {
            if (data.Length != 13) throw Problem(path, $"IHDR holds {data.Length} bytes, not 13");
            uint width = BinaryPrimitives.ReadUInt32BigEndian(data), height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
            int depth = data[8], colour = data[9];
            if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
                throw Problem(path, $"IHDR gives an impossible size {width}x{height}");
            if ((long)width * height > MaxPixels)
                throw Problem(path, $"IHDR gives {width}x{height} pixels, more than the {MaxPixels:N0} accepted");
            int channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
            bool depthFits = colour switch
            {
                0 => depth is 1 or 2 or 4 or 8 or 16,
                3 => depth is 1 or 2 or 4 or 8,
                _ => depth is 8 or 16,
            };
            if (channels == 0 || !depthFits) throw Problem(path, $"IHDR: colour type {colour} with bit depth {depth} is not a PNG format");
            if (data[10] != 0 || data[11] != 0) throw Problem(path, $"IHDR: compression method {data[10]} / filter method {data[11]}; PNG defines only 0");
            if (data[12] > 1) throw Problem(path, $"IHDR: interlace method {data[12]}; PNG defines 0 and 1");
            return new Header((int)width, (int)height, channels * depth, data[12] == 1);
        }

        /// <summary>zlib header, the deflate data inflated to exactly the declared size, then its Adler-32.</summary>
        static void CheckZlib(string path, ReadOnlySpan<byte> stream, Header header)
        {
            if (stream.Length < 6) throw Problem(path, $"the image data is {stream.Length} bytes, too short for a zlib stream");
            int cmf = stream[0], flg = stream[1];
            if ((cmf & 0x0F) != 8 || (cmf * 256 + flg) % 31 != 0 || (flg & 0x20) != 0)
                throw Problem(path, $"the image data does not start with a zlib header (0x{cmf:x2} 0x{flg:x2})");
            long expected = header.InflatedSize();
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(stream[^4..]);
            uint adler = 1;
            long inflated = 0;
            var buffer = new byte[Math.Min(expected + 1, 1 << 16)];
            try
            {
                using var source = new MemoryStream(stream[2..^4].ToArray(), writable: false);
                using var inflate = new DeflateStream(source, CompressionMode.Decompress);
                int n;
                while ((n = inflate.Read(buffer, 0, (int)Math.Min(buffer.Length, expected + 1 - inflated))) > 0)
                {
                    adler = Checksums.Adler32(adler, buffer.AsSpan(0, n));
                    inflated += n;
                    if (inflated > expected)
                        throw Problem(path, $"the image data inflates to more than the {expected} bytes a {header.Width}x{header.Height} image holds");
                }
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(path + ":", StringComparison.Ordinal))
            {
                throw Problem(path, $"the compressed image data is corrupt ({e.Message})");
            }
            if (inflated != expected)
                throw Problem(path, $"the image data inflates to {inflated} bytes, but a {header.Width}x{header.Height} image needs {expected}: the file is truncated or corrupt");
            if (adler != stored)
                throw Problem(path, $"the image data fails its Adler-32 checksum (stored 0x{stored:x8}, computed 0x{adler:x8}): the file is corrupt");
        }

        /// <summary>A chunk type as text; bytes outside ASCII letters shown as \xNN so a message never carries control bytes.</summary>
        static string ChunkType(ReadOnlySpan<byte> type)
        {
            var text = new StringBuilder(4);
            foreach (byte b in type)
                if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z') text.Append((char)b);
                else text.Append($"\\x{b:x2}");
            return text.ToString();
        }

        static InvalidDataException Problem(string path, string what) => new InvalidDataException(path + ": " + what);
    }
}
