using System;
using System.Buffers.Binary;
using System.IO;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Checks a JPEG's structure before it is decoded (JPEG carries no checksum, and StbImageSharp fills a
    /// truncated scan with grey): every marker segment inside the file, a frame header of a sane size before
    /// the first scan, and an end-of-image marker after the scans, which a cut-off file lacks.
    /// </summary>
    internal static class JpegCheck
    {
        /// <summary>
        /// Frames up to 131,072 pixels pass; beyond that a file needs a byte per 192 pixels. Baseline JPEG spends at
        /// least a few bits per 8x8 block (about 150–200 pixels per byte for a flat image), so a real file stays inside,
        /// while a forged header cannot make a small file decode into tens of megabytes (found by the image-folder fuzzer).
        /// </summary>
        public const long MinPixels = 1 << 17, PixelsPerByte = 192;

        public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

        public static void Validate(string path, byte[] bytes)
        {
            if (!HasSignature(bytes)) throw Problem(path, "not a JPEG file (no start-of-image marker)");
            bool frame = false;
            int at = 2;
            while (true)
            {
                if (at >= bytes.Length) throw Problem(path, $"truncated at byte {at}: no end-of-image marker");
                if (bytes[at] != 0xFF) throw Problem(path, $"byte {at} is 0x{bytes[at]:x2} where a marker should start");
                while (at < bytes.Length && bytes[at] == 0xFF) at++;   // fill bytes
                if (at >= bytes.Length) throw Problem(path, "truncated inside a marker: no end-of-image marker");
                int marker = bytes[at++];
                if (marker == 0xD9)
                {
                    if (!frame) throw Problem(path, "ends before any image data (no frame header)");
                    return;
                }
                if (marker == 0xD8 || marker == 0x00) throw Problem(path, $"unexpected marker 0xFF{marker:X2} at byte {at - 2}");
                if (marker is 0x01 or >= 0xD0 and <= 0xD7) continue; // no length
                if (bytes.Length - at < 2) throw Problem(path, $"truncated in the length of marker 0xFF{marker:X2} at byte {at - 2}");
                int length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));
                if (length < 2 || length > bytes.Length - at)
                    throw Problem(path, $"marker 0xFF{marker:X2} at byte {at - 2} declares {length} bytes but {bytes.Length - at} remain: the file is truncated or corrupt");
                var segment = bytes.AsSpan(at + 2, length - 2);
                if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
                {
                    if (segment.Length < 6) throw Problem(path, $"frame header at byte {at - 2} holds {segment.Length} bytes, fewer than 6");
                    int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]), width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]), components = segment[5];
                    if (height == 0 || width == 0 || components is not (1 or 3 or 4))
                        throw Problem(path, $"frame header gives {width}x{height} with {components} components");
                    // The decoder allocates the declared frame before reading a scan: a size no file this short could
                    // hold (even a flat image needs some bits per 8x8 block) is refused first.
                    long pixels = (long)width * height;
                    if (pixels > MinPixels + PixelsPerByte * bytes.Length)
                        throw Problem(path, $"frame header gives {width}x{height} pixels, more than a {bytes.Length}-byte JPEG can hold");
                    frame = true;
                }
                at += length;
                if (marker == 0xDA)
                {
                    if (!frame) throw Problem(path, $"a scan at byte {at - length - 2} comes before any frame header");
                    at = SkipEntropyCodedData(bytes, at);
                }
            }
        }

        /// <summary>The position of the next marker after a scan's data (0xFF 0x00 is a stuffed byte, 0xFF 0xD0-D7 a restart).</summary>
        static int SkipEntropyCodedData(byte[] bytes, int at)
        {
            while (at < bytes.Length - 1)
            {
                int next = Array.IndexOf(bytes, (byte)0xFF, at);
                if (next < 0 || next == bytes.Length - 1) return bytes.Length;
                byte after = bytes[next + 1];
                if (after == 0x00 || after is >= 0xD0 and <= 0xD7 || after == 0xFF) { at = next + (after == 0xFF ? 1 : 2); continue; }
                return next;
            }
            return bytes.Length;
        }

        static InvalidDataException Problem(string path, string what) => new InvalidDataException(path + ": " + what);
    }
}
