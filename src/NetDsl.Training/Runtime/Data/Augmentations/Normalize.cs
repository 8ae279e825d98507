using System;
using System.Linq;

namespace NetDsl.Runtime.Data.Augmentations
{
    /// <summary>(pixel - mean[c]) / std[c] per channel; the last step of every pipeline.</summary>
    public sealed class Normalize : ISampleTransform
    {
        /// <summary>CIFAR-10's per-channel statistics of the train set.</summary>
        public static readonly Normalize Cifar10 = new(new[] { 0.4914f, 0.4822f, 0.4465f }, new[] { 0.2470f, 0.2435f, 0.2616f });

        /// <summary>ImageNet's, as torchvision's pretrained models expect.</summary>
        public static readonly Normalize ImageNet = new(new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f });

        /// <summary>The built-in shapes set's (pixels in [0, 1] drawn around 0.5), every channel alike.</summary>
        public static readonly Normalize Shapes = new(new[] { ShapesDataset.Mean }, new[] { ShapesDataset.Std });

        /// <summary>MNIST's training-set statistics, every channel alike.</summary>
        public static readonly Normalize Mnist = new(new[] { MnistDataset.Mean }, new[] { MnistDataset.Std });

        /// <summary>None: pixels stay in [0, 1] as decoded (mean 0, std 1).</summary>
        public static readonly Normalize Identity = new(new[] { 0f }, new[] { 1f });

        /// <summary>Normalisation with per-channel <paramref name="mean"/> and <paramref name="std"/>.</summary>
        [System.Text.Json.Serialization.JsonConstructor]
        public Normalize(float[] mean, float[] std)
        {
            if (mean.Length == 0 || mean.Length != std.Length)
                throw new ArgumentException($"normalize needs as many means as stds ({mean.Length} vs {std.Length})");
            if (std.Any(s => s <= 0)) throw new ArgumentException("normalize needs positive stds");
            Mean = mean;
            Std = std;
        }

        /// <summary>Per-channel means.</summary>
        public float[] Mean { get; }
        /// <summary>Per-channel standard deviations.</summary>
        public float[] Std { get; }

        /// <summary>The same statistics for <paramref name="channels"/> channels: RGB ones average for gray.</summary>
        public Normalize For(int channels)
        {
            if (Mean.Length == channels || Mean.Length == 1) return this;
            if (channels == 1) return new Normalize(new[] { Mean.Average() }, new[] { Std.Average() });
            throw new ArgumentException($"normalize has statistics for {Mean.Length} channels, not {channels}");
        }

        /// <summary>The sample with each channel shifted by its mean and divided by its standard deviation.</summary>
        public Sample Apply(Sample sample, Random random)
        {
            var n = For(sample.Channels);
            var p = (float[])sample.Pixels.Clone();
            int plane = sample.Plane;
            for (int c = 0; c < sample.Channels; c++)
            {
                float mean = n.Mean[n.Mean.Length == 1 ? 0 : c], scale = 1f / n.Std[n.Std.Length == 1 ? 0 : c];
                for (int i = c * plane, end = i + plane; i < end; i++) p[i] = (p[i] - mean) * scale;
            }
            return sample with { Pixels = p };
        }

        /// <summary>Whether both hold the same statistics.</summary>
        public bool SameAs(Normalize other) => Mean.AsSpan().SequenceEqual(other.Mean) && Std.AsSpan().SequenceEqual(other.Std);

        /// <inheritdoc/>
        /// <remarks>Numbers in the invariant culture (<c>0.485/0.456/0.406</c>), as every number NetDsl prints, whatever the current culture.</remarks>
        public override string ToString() => $"normalize (mean {Join(Mean)}, std {Join(Std)})";

        static string Join(float[] values) => string.Join("/", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
