using System;

namespace NetDsl.Shapes
{
    /// <summary>
    /// The shape of one sample (batch dimension excluded): CxHxW for 2-D feature maps (rank 3), CxL for 1-D maps
    /// (rank 2: audio, sequences; held as H = 1, W = L, so a 1-D map is the 1xL row PyTorch's Conv1d sees) or a flat
    /// feature vector of length C (rank 1). Shared by the generator and the runtime.
    /// </summary>
    public readonly struct TensorShape : IEquatable<TensorShape>
    {
        /// <summary>A C x H x W feature map.</summary>
        public TensorShape(int channels, int height, int width) { Rank = 3; C = channels; H = height; W = width; }
        TensorShape(int rank, int channels, int height, int width) { Rank = rank; C = channels; H = height; W = width; }

        /// <summary>A flat vector of <paramref name="features"/> features.</summary>
        public static TensorShape Vector(int features) => new TensorShape(1, features, 1, 1);

        /// <summary>A C x L one-dimensional map (PyTorch's [N, C, L] per sample): <paramref name="channels"/> channels of <paramref name="length"/> positions.</summary>
        public static TensorShape Sequence(int channels, int length) => new TensorShape(2, channels, 1, length);

        /// <summary>3 for a CxHxW map, 2 for a CxL map, 1 for a vector.</summary>
        public int Rank { get; }
        /// <summary>Channels (the length of a vector).</summary>
        public int C { get; }
        /// <summary>Height (1 for a vector and for a CxL map).</summary>
        public int H { get; }
        /// <summary>Width (1 for a vector; the length L of a CxL map).</summary>
        public int W { get; }
        /// <summary>The length of a CxL map (its <see cref="W"/>).</summary>
        public int L => W;

        /// <summary>Whether this is a feature map with positions (CxHxW or CxL) rather than a flat vector.</summary>
        public bool IsMap => Rank >= 2;
        /// <summary>Whether this is a CxL one-dimensional map.</summary>
        public bool Is1d => Rank == 2;
        /// <summary>Whether this is a CxHxW two-dimensional map.</summary>
        public bool Is2d => Rank == 3;

        /// <summary>
        /// A shape of the same rank with <paramref name="channels"/> channels and (for maps) the given sizes: a CxL map takes
        /// <paramref name="width"/> as its length (its height stays 1), a vector only the channels.
        /// </summary>
        public TensorShape Resized(int channels, int height, int width) => Rank switch
        {
            3 => new TensorShape(channels, height, width),
            2 => Sequence(channels, width),
            _ => Vector(channels),
        };

        /// <summary>The same shape with <paramref name="channels"/> channels.</summary>
        public TensorShape WithChannels(int channels) => Resized(channels, H, W);
        /// <summary>C · H · W.</summary>
        public long Elements => (long)C * H * W;

        /// <summary>Parses "3x224x224", "1x16000" (CxL) or "784"; returns false on anything else.</summary>
        public static bool TryParse(string? text, out TensorShape shape)
        {
            shape = default;
            if (text == null) return false;
            string[] parts = text.Split('x', 'X');
            var dims = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
                if (!int.TryParse(parts[i].Trim(), System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out dims[i]) || dims[i] <= 0)
                    return false;
            if (dims.Length == 3) { shape = new TensorShape(dims[0], dims[1], dims[2]); return true; }
            if (dims.Length == 2) { shape = Sequence(dims[0], dims[1]); return true; }
            if (dims.Length == 1) { shape = Vector(dims[0]); return true; }
            return false;
        }

        /// <summary>Dimensions as an array, batch excluded (for summaries and JSON).</summary>
        public int[] ToArray() => Rank switch { 3 => new[] { C, H, W }, 2 => new[] { C, W }, _ => new[] { C } };

        /// <summary>The dimensions of a batch of <paramref name="batch"/> such samples ([N, C, H, W], [N, C, L] or [N, C]).</summary>
        public long[] BatchDims(long batch) => Rank switch { 3 => new[] { batch, C, H, W }, 2 => new[] { batch, C, (long)W }, _ => new[] { batch, C } };

        /// <summary>"3x224x224" for a 2-D map, "12x128" for a 1-D map, "1000" for a vector.</summary>
        public override string ToString()
        {
            string I(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Rank switch { 3 => I(C) + "x" + I(H) + "x" + I(W), 2 => I(C) + "x" + I(W), _ => I(C) };
        }

        /// <summary>Same rank and sizes.</summary>
        public bool Equals(TensorShape other) => Rank == other.Rank && C == other.C && H == other.H && W == other.W;
        /// <summary>Same rank and sizes.</summary>
        public override bool Equals(object? obj) => obj is TensorShape s && Equals(s);
        /// <inheritdoc/>
        public override int GetHashCode() => ((Rank * 397 ^ C) * 397 ^ H) * 397 ^ W;
        /// <summary>Same rank and sizes.</summary>
        public static bool operator ==(TensorShape a, TensorShape b) => a.Equals(b);
        /// <summary>Different rank or sizes.</summary>
        public static bool operator !=(TensorShape a, TensorShape b) => !a.Equals(b);
    }
}
