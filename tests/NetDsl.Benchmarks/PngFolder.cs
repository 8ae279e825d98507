using System;
using System.IO;
using StbImageWriteSharp;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// Writes a class-per-folder set of small RGB PNGs for the loader benchmark: each image a smooth
    /// background with a bright rectangle and mild noise, so files compress like real photos rather
    /// than like pure noise (which would make decoding unrealistically cheap or dear).
    /// </summary>
    public static class PngFolder
    {
        public static void Write(string root, int images, int classes, int side, int seed = 0)
        {
            var random = new Random(seed);
            var writer = new ImageWriter();
            var pixels = new byte[side * side * 3];
            for (int i = 0; i < images; i++)
            {
                int label = i % classes;
                Fill(pixels, side, label, random);
                string dir = Path.Combine(root, "class" + label);
                Directory.CreateDirectory(dir);
                using var file = File.Create(Path.Combine(dir, $"img{i:D5}.png"));
                writer.WritePng(pixels, side, side, ColorComponents.RedGreenBlue, file);
            }
        }

        static void Fill(byte[] pixels, int side, int label, Random random)
        {
            int x0 = random.Next(side / 2), y0 = random.Next(side / 2), size = side / 4 + random.Next(side / 4);
            for (int y = 0; y < side; y++)
                for (int x = 0; x < side; x++)
                    for (int c = 0; c < 3; c++)
                    {
                        bool inside = x >= x0 && x < x0 + size && y >= y0 && y < y0 + size;
                        int value = inside ? 200 - 15 * ((label + c) % 4) : 40 + 3 * x + 2 * y + 20 * c;
                        pixels[(y * side + x) * 3 + c] = (byte)Math.Clamp(value + random.Next(-8, 9), 0, 255);
                    }
        }
    }
}
