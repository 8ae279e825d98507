using System;
using System.IO;
using NetDsl.Runtime.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A PNG of up to eight test images (top row) above the model's reconstructions (bottom row), each
    /// stretched from its input's value range to 0–255 so both rows share one scale.
    /// </summary>
    public static class ReconstructionGrid
    {
        /// <summary>The file name under the run folder.</summary>
        public const string FileName = "reconstructions.png";
        const int Columns = 8, Scale = 3, Gap = 2;

        /// <summary>Writes a PNG of test images above the model's reconstructions of them to <paramref name="path"/>.</summary>
        public static void Save(string path, nn.Module<Tensor, Tensor> model, LabeledImages data, Device device)
        {
            if (!data.SampleShape.Is2d) return;
            int count = Math.Min(Columns, data.Count);
            bool wasTraining = model.training;
            model.eval();
            using var scope = NewDisposeScope();
            Tensor inputs, outputs;
            try
            {
                using var noGrad = no_grad();
                inputs = data.Images[..count].to(device);
                outputs = model.call(inputs);
            }
            finally
            {
                model.train(wasTraining);
            }
            int c = (int)inputs.shape[1], h = (int)inputs.shape[2], w = (int)inputs.shape[3];
            float[] x = inputs.cpu().contiguous().data<float>().ToArray(), y = outputs.cpu().contiguous().data<float>().ToArray();
            using var bitmap = new SKBitmap(count * (w * Scale + Gap) + Gap, 2 * (h * Scale + Gap) + Gap);
            bitmap.Erase(SKColors.White);
            for (int i = 0; i < count; i++)
            {
                var (low, high) = Range(x, i * c * h * w, c * h * w);
                Draw(bitmap, x, i, 0, c, h, w, low, high);
                Draw(bitmap, y, i, 1, c, h, w, low, high);
            }
            using var image = SKImage.FromBitmap(bitmap);
            using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
            NetDsl.Files.ReplacingWrite.To(path, file => encoded.SaveTo(file));
        }

        static (float Low, float High) Range(float[] values, int start, int length)
        {
            float low = float.MaxValue, high = float.MinValue;
            for (int i = start; i < start + length; i++) { low = Math.Min(low, values[i]); high = Math.Max(high, values[i]); }
            return (low, Math.Max(high, low + 1e-6f));
        }

        static void Draw(SKBitmap bitmap, float[] values, int image, int row, int c, int h, int w, float low, float high)
        {
            int left = Gap + image * (w * Scale + Gap), top = Gap + row * (h * Scale + Gap), plane = h * w, start = image * c * plane;
            for (int py = 0; py < h; py++)
                for (int px = 0; px < w; px++)
                {
                    byte Channel(int k) => (byte)Math.Clamp((values[start + Math.Min(k, c - 1) * plane + py * w + px] - low) / (high - low) * 255, 0, 255);
                    var colour = new SKColor(Channel(0), Channel(1), Channel(2));
                    for (int sy = 0; sy < Scale; sy++)
                        for (int sx = 0; sx < Scale; sx++)
                            bitmap.SetPixel(left + px * Scale + sx, top + py * Scale + sy, colour);
                }
        }
    }
}
