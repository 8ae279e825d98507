using System.Collections.Generic;
using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>
    /// [ChannelAffine(scale, shift)]: a fixed per-channel affine map, <c>y[:, c] = x[:, c] · Scale[c] + Shift[c]</c>, with no
    /// parameters (nothing in the state dict): input re-normalisation such as torchvision's Inception v3
    /// <c>transform_input</c>, or a <c>Normalize(mean, std)</c> inside the model (Scale = 1/std, Shift = -mean/std).
    /// Each list holds one number per input channel, or one number for all. With <see cref="Enabled"/> false it is the
    /// identity (a constructor flag turns it on and off, as <c>transform_input</c> does).
    /// </summary>
    public sealed record ChannelAffineArgs
    {
        /// <summary>The factors, comma-separated (<c>"0.458, 0.448, 0.45"</c>): one per channel, or one for all.</summary>
        public required string Scale { get; init; }
        /// <summary>The offsets added after scaling, comma-separated: one per channel, or one for all.</summary>
        public required string Shift { get; init; }
        /// <summary>Whether the map is applied; false makes the layer the identity.</summary>
        public bool Enabled { get; init; } = true;

        /// <summary><see cref="Scale"/> as numbers, one per channel of a <paramref name="channels"/>-channel input.</summary>
        public double[] Scales(int channels) => PerChannel(Scale, channels);

        /// <summary><see cref="Shift"/> as numbers, one per channel of a <paramref name="channels"/>-channel input.</summary>
        public double[] Shifts(int channels) => PerChannel(Shift, channels);

        static double[] PerChannel(string list, int channels)
        {
            var values = ChannelAffineKind.Parse(list) ?? throw new System.FormatException($"'{list}' is not a comma-separated list of numbers");
            if (values.Count != 1 && values.Count != channels)
                throw new System.ArgumentException($"'{list}' has {values.Count} numbers for {channels} channels");
            var result = new double[channels];
            for (int c = 0; c < channels; c++) result[c] = values[values.Count == 1 ? 0 : c];
            return result;
        }
    }

    /// <summary>Keeps the shape; each list must parse and hold one number per channel, or one.</summary>
    internal sealed class ChannelAffineKind : LayerKind<ChannelAffineArgs>
    {
        public static readonly ChannelAffineKind Instance = new ChannelAffineKind();
        ChannelAffineKind() : base("ChannelAffine", "ChannelAffine", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, ChannelAffineArgs a) =>
            Check(path, input, a.Scale, "Scale") ?? Check(path, input, a.Shift, "Shift") ?? LayerOutcome.Success(input);

        static LayerOutcome? Check(string path, TensorShape input, string list, string argument)
        {
            var values = Parse(list);
            if (values == null)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: ChannelAffine's {argument} \"{list}\" is not a list of numbers; write them comma-separated, such as \"0.5, 0.25, 2\".", argument);
            if (values.Count != 1 && values.Count != input.C)
                return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: ChannelAffine's {argument} has {values.Count} numbers but its input {input} has {input.C} channels; " +
                    $"write {input.C} numbers, or one for every channel.", argument);
            return null;
        }

        /// <summary>The numbers of a comma-separated list (invariant culture), or null when a part is not a finite number.</summary>
        public static List<double>? Parse(string? list)
        {
            if (list == null) return null;
            var values = new List<double>();
            foreach (var part in list.Split(','))
            {
                if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v) || double.IsInfinity(v))
                    return null;
                values.Add(v);
            }
            return values;
        }
    }
}
