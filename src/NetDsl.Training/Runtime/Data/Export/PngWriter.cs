using System;
using System.IO;
using System.IO.Compression;

namespace NetDsl.Runtime.Data.Export
{
    /// <summary>
    /// A minimal PNG encoder (8-bit gray or RGB, no filtering, zlib via the BCL): enough to write the shapes set
    /// as files every reader takes, without a native image library.
    /// </summary>
    public static class PngWriter
    {
        static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

        /// <summary>Writes <paramref name="pixels"/> (row-major, <paramref name="channels"/> 1 or 3 interleaved bytes per pixel).</summary>
        public static void Write(string path, ReadOnlySpan<byte> pixels, int width, int height, int channels)
        {
            if (channels != 1 && channels != 3) throw new ArgumentException($"PNG files here hold 1 (gray) or 3 (RGB) channels, not {channels}", nameof(channels));
            if (pixels.Length != width * height * channels)
                throw new ArgumentException($"{width}x{height}x{channels} pixels need {width * height * channels} bytes, got {pixels.Length}", nameof(pixels));
            using var file = File.Create(path);
            file.Write(Signature);

            var header = new byte[13];
            WriteBigEndian(header, 0, (uint)width);
            WriteBigEndian(header, 4, (uint)height);
            header[8] = 8;                               // bit depth
            header[9] = (byte)(channels == 1 ? 0 : 2);   // colour type: gray or RGB
            WriteChunk(file, "IHDR", header);

            // Each row is preceded by its filter byte (0: none).
            int stride = width * channels;
            using var raw = new MemoryStream();
            using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
                for (int y = 0; y < height; y++)
                {
                    zlib.WriteByte(0);
                    zlib.Write(pixels.Slice(y * stride, stride));
                }
            WriteChunk(file, "IDAT", raw.ToArray());
            WriteChunk(file, "IEND", Array.Empty<byte>());
        }

        static void WriteChunk(Stream output, string type, byte[] data)
        {
            var head = new byte[8];
            WriteBigEndian(head, 0, (uint)data.Length);
            for (int i = 0; i < 4; i++) head[4 + i] = (byte)type[i];
            output.Write(head);
            output.Write(data);
            // The chunk's CRC-32 covers its type and data.
            uint crc = Checksums.Crc32(Checksums.Crc32(0, head.AsSpan(4, 4)), data);
            var tail = new byte[4];
            WriteBigEndian(tail, 0, crc);
            output.Write(tail);
        }

        static void WriteBigEndian(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }
    }
}
