using System;
using System.Collections.Generic;
using System.Globalization;
using NetDsl.Shapes;

namespace NetDsl.Runtime.Data.Augmentations
{
    /// <summary>
    /// Which training augmentations to apply; evaluation never augments. Parsed from a value such as
    /// <c>standard</c> (crop and flip), <c>none</c>, or a comma list of <c>crop[=PIXELS]</c>, <c>flip</c>,
    /// <c>jitter[=STRENGTH]</c> (brightness, contrast and saturation alike; 0.4 when no value is given).
    /// </summary>
    public sealed record AugmentationOptions(int CropPadding, bool Flip, float Brightness, float Contrast, float Saturation)
    {
        /// <summary>Crop padding that scales with the input: an eighth of its smaller side (4 at 32x32).</summary>
        public const int AutoPadding = -1;
        /// <summary>The colour-jitter strength <c>jitter</c> means without a value (torchvision's 0.4).</summary>
        public const float DefaultJitter = 0.4f;

        /// <summary>No augmentation.</summary>
        public static AugmentationOptions None { get; } = new(0, false, 0, 0, 0);
        /// <summary>Random crop with padding and horizontal flip (the CIFAR recipe).</summary>
        public static AugmentationOptions Standard { get; } = new(AutoPadding, true, 0, 0, 0);

        /// <summary>Options from text such as <c>crop,flip,jitter=0.2</c> or <c>none</c>; an unknown word is an <see cref="System.ArgumentException"/> naming it.</summary>
        public static AugmentationOptions Parse(string text)
        {
            string value = text.Trim().ToLowerInvariant();
            if (value == "none") return None;
            if (value == "standard") return Standard;
            var options = None;
            foreach (string part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                string[] kv = part.Split('=', 2);
                string? arg = kv.Length == 2 ? kv[1] : null;
                options = kv[0] switch
                {
                    "crop" => options with { CropPadding = arg == null ? AutoPadding : (int)Number(arg, part, text) },
                    "flip" when arg == null => options with { Flip = true },
                    "jitter" => Jitter(options, arg == null ? DefaultJitter : (float)Number(arg, part, text)),
                    _ => throw Bad(text, $"unknown augmentation '{part}'"),
                };
            }
            return options;
        }

        static AugmentationOptions Jitter(AugmentationOptions o, float v) => o with { Brightness = v, Contrast = v, Saturation = v };

        static double Number(string arg, string part, string text) =>
            double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0
                ? v : throw Bad(text, $"'{part}' needs a non-negative number");

        static ArgumentException Bad(string text, string why) =>
            new($"augmentations '{text}': {why}; use none, standard, or a list of crop[=PIXELS], flip, jitter[=STRENGTH]");

        /// <summary>Training: resize to the input, then crop, flip and jitter as chosen, then normalize.</summary>
        public SamplePipeline Training(TensorShape input, Normalize normalize)
        {
            var steps = new List<ISampleTransform> { new Resize(input.H, input.W) };
            int padding = CropPadding == AutoPadding ? Math.Max(1, Math.Min(input.H, input.W) / 8) : CropPadding;
            if (padding > 0) steps.Add(new RandomCrop(padding));
            if (Flip) steps.Add(new HorizontalFlip());
            if (Brightness > 0 || Contrast > 0 || Saturation > 0) steps.Add(new ColorJitter(Brightness, Contrast, Saturation));
            steps.Add(normalize.For(input.C));
            return new SamplePipeline(steps);
        }

        /// <summary>Evaluation: resize and normalize only, so scores do not depend on the seed.</summary>
        public static SamplePipeline Evaluation(TensorShape input, Normalize normalize) =>
            new(new Resize(input.H, input.W), normalize.For(input.C));

        /// <inheritdoc/>
        public override string ToString()
        {
            var parts = new List<string>();
            if (CropPadding != 0) parts.Add(CropPadding == AutoPadding ? "crop" : "crop=" + CropPadding);
            if (Flip) parts.Add("flip");
            if (Brightness > 0 || Contrast > 0 || Saturation > 0) parts.Add("jitter=" + Brightness.ToString(CultureInfo.InvariantCulture));
            return parts.Count == 0 ? "none" : string.Join(",", parts);
        }
    }
}
