using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>Stacks finished samples into CPU tensors: images [B, C, H, W], labels [B] or masks [B, H, W].</summary>
    internal static class BatchAssembler
    {
        public static (Tensor Images, Tensor Targets) Assemble(IReadOnlyList<Sample> samples, bool masks)
        {
            if (samples.Count == 0) throw new ArgumentException("a batch needs at least one sample", nameof(samples));
            Sample first = samples[0];
            int size = first.Pixels.Length, plane = first.Plane;
            foreach (var s in samples)
            {
                if (s.Channels != first.Channels || s.Height != first.Height || s.Width != first.Width || s.Pixels.Length != size)
                    throw new InvalidOperationException(
                        $"{s.Source}: is {s.Channels}x{s.Height}x{s.Width} after its pipeline but {first.Source} is {first.Channels}x{first.Height}x{first.Width}; the pipeline must end at one size");
                if (masks && (s.Mask == null || s.Mask.Length != plane))
                    throw new InvalidOperationException($"{s.Source}: has no mask of {s.Height}x{s.Width} after its pipeline");
            }

            var pixels = new float[(long)samples.Count * size];
            for (int i = 0; i < samples.Count; i++) Array.Copy(samples[i].Pixels, 0, pixels, (long)i * size, size);
            Tensor images = tensor(pixels, new long[] { samples.Count, first.Channels, first.Height, first.Width });
            if (!masks) return (images, tensor(samples.Select(s => (long)s.Label).ToArray()));

            var targets = new long[(long)samples.Count * plane];
            for (int i = 0; i < samples.Count; i++)
                for (int p = 0; p < plane; p++) targets[(long)i * plane + p] = samples[i].Mask![p];
            return (images, tensor(targets, new long[] { samples.Count, first.Height, first.Width }));
        }
    }
}
