using System;
using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Data;
using StbImageWriteSharp;
using WriteComponents = StbImageWriteSharp.ColorComponents;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Small data files for the reader tests: CIFAR-10 records, PNG/JPEG images, masks.</summary>
    public static class DataTestFiles
    {
        /// <summary>A CIFAR-10 record: the label, then pixel i of the 3072 set to (seed + 7i) mod 256.</summary>
        public static byte[] CifarRecord(byte label, int seed)
        {
            var record = new byte[Cifar10Dataset.RecordSize];
            record[0] = label;
            for (int i = 1; i < record.Length; i++) record[i] = (byte)((seed + 7 * (i - 1)) % 256);
            return record;
        }

        public static void WriteCifar(string path, params (byte Label, int Seed)[] records)
        {
            using var file = File.Create(path);
            foreach (var (label, seed) in records) file.Write(CifarRecord(label, seed));
        }

        /// <summary>Interleaved pixels of a w x h image: channel c of (x, y) is (17x + 29y + 61c + seed) mod 256.</summary>
        public static byte[] Pattern(int width, int height, int channels, int seed)
        {
            var data = new byte[width * height * channels];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    for (int c = 0; c < channels; c++)
                        data[(y * width + x) * channels + c] = (byte)((17 * x + 29 * y + 61 * c + seed) % 256);
            return data;
        }

        public static void WritePng(string path, byte[] data, int width, int height, int channels)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = File.Create(path);
            new ImageWriter().WritePng(data, width, height, Components(channels), file);
        }

        public static void WriteBmp(string path, byte[] data, int width, int height, int channels)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = File.Create(path);
            new ImageWriter().WriteBmp(data, width, height, Components(channels), file);
        }

        public static void WriteJpeg(string path, byte[] data, int width, int height, int channels)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = File.Create(path);
            new ImageWriter().WriteJpg(data, width, height, Components(channels), file, 90);
        }

        /// <summary>
        /// A PNG written chunk by chunk, for the formats the image writer has none of: <paramref name="depth"/> bits per sample,
        /// PNG colour type <paramref name="colour"/> (0 gray, 3 palette), unfiltered <paramref name="rows"/> (big-endian samples),
        /// and for a palette its <paramref name="palette"/> (RGB triples) and optional <paramref name="alpha"/> (tRNS).
        /// </summary>
        public static void WriteRawPng(string path, int width, int height, int depth, int colour, byte[][] rows, byte[]? palette = null, byte[]? alpha = null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = File.Create(path);
            file.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
            void Chunk(string type, byte[] data)
            {
                var head = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
                System.Text.Encoding.ASCII.GetBytes(type, 0, 4, head, 4);
                file.Write(head);
                file.Write(data);
                var crc = new byte[4];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, NetDsl.Runtime.Data.Checksums.Crc32(NetDsl.Runtime.Data.Checksums.Crc32(0, head.AsSpan(4)), data));
                file.Write(crc);
            }
            var ihdr = new byte[13];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
            (ihdr[8], ihdr[9]) = ((byte)depth, (byte)colour);
            Chunk("IHDR", ihdr);
            if (palette != null) Chunk("PLTE", palette);
            if (alpha != null) Chunk("tRNS", alpha);
            using var packed = new MemoryStream();
            using (var z = new System.IO.Compression.ZLibStream(packed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
                foreach (byte[] row in rows)
                {
                    z.WriteByte(0);
                    z.Write(row);
                }
            Chunk("IDAT", packed.ToArray());
            Chunk("IEND", Array.Empty<byte>());
        }

        /// <summary>An RGB PNG of the <see cref="Pattern"/>.</summary>
        public static void WriteImage(string path, int width, int height, int seed, int channels = 3) =>
            WritePng(path, Pattern(width, height, channels, seed), width, height, channels);

        /// <summary>A grayscale PNG mask whose pixel (x, y) is (x + y) mod classes.</summary>
        public static byte[] WriteMask(string path, int width, int height, int classes)
        {
            var mask = new byte[width * height];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++) mask[y * width + x] = (byte)((x + y) % classes);
            WritePng(path, mask, width, height, 1);
            return mask;
        }

        /// <summary>
        /// A class-per-folder tree under <paramref name="root"/>: <paramref name="perClass"/> w x h PNGs in
        /// each of the named class folders. Returns the files written, by class.
        /// </summary>
        public static Dictionary<string, List<string>> WriteClassFolders(string root, string[] classes, int perClass, int width = 8, int height = 6)
        {
            var written = new Dictionary<string, List<string>>();
            for (int c = 0; c < classes.Length; c++)
            {
                written[classes[c]] = new List<string>();
                for (int i = 0; i < perClass; i++)
                {
                    string path = Path.Combine(root, classes[c], $"img{i:D3}.png");
                    WriteImage(path, width, height, seed: 10 * c + i);
                    written[classes[c]].Add(path);
                }
            }
            return written;
        }

        static WriteComponents Components(int channels) => channels switch
        {
            1 => WriteComponents.Grey,
            2 => WriteComponents.GreyAlpha,
            3 => WriteComponents.RedGreenBlue,
            4 => WriteComponents.RedGreenBlueAlpha,
            _ => throw new ArgumentOutOfRangeException(nameof(channels)),
        };
    }
}
