using System;
using System.Buffers.Binary;
using System.IO;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Checks a BMP's header before it is decoded (BMP carries no checksum, and StbImageSharp reads past a cut-off
    /// pixel array as zeros): a Windows (40+ byte) or OS/2 (12 byte) info header, a size and bit depth the decoder
    /// reads, uncompressed or bit-field pixels (the RLE and embedded JPEG/PNG variants are refused by name), and a
    /// file long enough for every row its header declares.
    /// </summary>
    internal static class BmpCheck
    {
        /// <summary>Bits per pixel the decoder reads.</summary>
        static readonly int[] Depths = { 1, 4, 8, 16, 24, 32 };

        /// <summary>"BM" and room for the file header's offset field.</summary>
        public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == (byte)'B' && bytes[1] == (byte)'M';

        public static void Validate(string path, byte[] bytes)
        {
            if (!HasSignature(bytes)) throw Problem(path, "not a BMP file (no 'BM' signature)");
            if (bytes.Length < 26) throw Problem(path, $"truncated: {bytes.Length} bytes hold no BMP header");
            var span = bytes.AsSpan();
            long pixelsAt = BinaryPrimitives.ReadUInt32LittleEndian(span[10..]);
            uint info = BinaryPrimitives.ReadUInt32LittleEndian(span[14..]);
            long width, height;
            int depth;
            uint compression = 0;
            if (info == 12)
            {
                width = BinaryPrimitives.ReadUInt16LittleEndian(span[18..]);
                height = BinaryPrimitives.ReadUInt16LittleEndian(span[20..]);
                depth = BinaryPrimitives.ReadUInt16LittleEndian(span[24..]);
            }
            else if (info is 40 or 56 or 108 or 124)
            {
                if (bytes.Length < 34) throw Problem(path, $"truncated: {bytes.Length} bytes hold no BMP info header");
                width = BinaryPrimitives.ReadInt32LittleEndian(span[18..]);
                height = BinaryPrimitives.ReadInt32LittleEndian(span[22..]);
                depth = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
                compression = BinaryPrimitives.ReadUInt32LittleEndian(span[30..]);
            }
            else throw Problem(path, $"a BMP info header of {info} bytes, which no BMP version has");

            if (compression is not (0 or 3))
                throw Problem(path, $"a BMP with compression {compression} ({Compression(compression)}); NetDsl reads uncompressed BMPs, so save it as PNG");
            if (Array.IndexOf(Depths, depth) < 0) throw Problem(path, $"a BMP of {depth} bits per pixel; NetDsl reads 1, 4, 8, 16, 24 and 32");
            long rows = Math.Abs(height);
            if (width <= 0 || rows == 0 || width > 1 << 16 || rows > 1 << 16) throw Problem(path, $"a BMP of {width}x{height} pixels");
            long rowBytes = (width * depth + 31) / 32 * 4;
            if (pixelsAt < 14 + info || pixelsAt > bytes.Length)
                throw Problem(path, $"its pixels start at byte {pixelsAt}, outside the {bytes.Length}-byte file past its headers");
            long needed = pixelsAt + rowBytes * rows;
            if (needed > bytes.Length)
                throw Problem(path, $"truncated: its {width}x{rows} pixels need {needed} bytes but the file holds {bytes.Length}");
        }

        static string Compression(uint code) => code switch
        {
            1 => "RLE8",
            2 => "RLE4",
            4 => "an embedded JPEG",
            5 => "an embedded PNG",
            _ => "unknown",
        };

        static InvalidDataException Problem(string path, string what) => new InvalidDataException(path + ": " + what);
    }
}
