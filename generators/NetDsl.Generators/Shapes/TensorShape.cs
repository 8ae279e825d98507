using System;

namespace NetDsl.Shapes
{
    /// <summary>
    /// The shape of one sample (batch dimension excluded): CxHxW for feature maps (rank 3) or
    /// a flat feature vector of length C (rank 1). Shared by the generator and the runtime.
    /// </summary>
    public readonly struct TensorShape : IEquatable<TensorShape>
    {
        /// <summary>A C x H x W feature map.</summary>
        public TensorShape(int channels, int height, int width) { Rank = 3; C = channels; H = height; W = width; }
        TensorShape(int features) { Rank = 1; C = features; H = 1; W = 1; }

        /// <summary>A flat vector of <paramref name="features"/> features.</summary>
        public static TensorShape Vector(int features) => new TensorShape(features);

        /// <summary>3 for a feature map, 1 for a vector.</summary>
        public int Rank { get; }
        /// <summary>Channels (the length of a vector).</summary>
        public int C { get; }
        /// <summary>Height (1 for a vector).</summary>
        public int H { get; }
        /// <summary>Width (1 for a vector).</summary>
        public int W { get; }

        /// <summary>Whether this is a C x H x W feature map rather than a vector.</summary>
        public bool IsMap => Rank == 3;
        /// <summary>C · H · W.</summary>
        public long Elements => (long)C * H * W;

        /// <summary>Parses "3x224x224" or "784"; returns false on anything else.</summary>
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
            if (dims.Length == 1) { shape = Vector(dims[0]); return true; }
            return false;
        }

        /// <summary>Dimensions as an array, batch excluded (for summaries and JSON).</summary>
        public int[] ToArray() => IsMap ? new[] { C, H, W } : new[] { C };

        /// <summary>"3x224x224" for a map, "[1000]" for a vector.</summary>
        public override string ToString() => IsMap
            ? C.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x" + H.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x" + W.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : C.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
