using System;

namespace NetDsl.Shapes
{
    /// <summary>
    /// The functions attribute expressions may call ("make_divisible(16 * width, 8)", "ceil(3 * depth)"):
    /// evaluated by the generator at compile time and called by generated code at run time, so compound
    /// scaling (EfficientNet, MobileNetV3) rounds the same way at both times.
    /// </summary>
    public static class ScalingRules
    {
        /// <summary>Names and arities of the callable functions.</summary>
        public static readonly (string Name, int Arity)[] Functions =
        {
            ("min", 2), ("max", 2), ("ceil", 1), ("floor", 1), ("round", 1), ("make_divisible", 2),
        };

        /// <summary>
        /// The channel rounding of the MobileNet/EfficientNet reference code: the nearest multiple of
        /// <paramref name="divisor"/> (at least the divisor), never more than 10 % below <paramref name="value"/>.
        /// </summary>
        public static int MakeDivisible(double value, long divisor)
        {
            if (divisor <= 0) throw new ArgumentOutOfRangeException(nameof(divisor), divisor, "make_divisible needs a positive divisor");
            long rounded = Math.Max(divisor, (long)(value + divisor / 2.0) / divisor * divisor);
            if (rounded < 0.9 * value) rounded += divisor;
            return checked((int)rounded);
        }

        /// <summary>The ceiling as an int (overflow throws).</summary>
        public static int Ceil(double value) => checked((int)Math.Ceiling(value));
        /// <summary>The floor as an int (overflow throws).</summary>
        public static int Floor(double value) => checked((int)Math.Floor(value));

        /// <summary>Rounds half away from zero (2.5 → 3), unlike Python's banker's rounding; say so where it matters.</summary>
        public static int Round(double value) => checked((int)Math.Round(value, MidpointRounding.AwayFromZero));

        /// <summary>The smaller of two integers.</summary>
        public static long Min(long a, long b) => Math.Min(a, b);
        /// <summary>The smaller of two numbers.</summary>
        public static double Min(double a, double b) => Math.Min(a, b);
        /// <summary>The larger of two integers.</summary>
        public static long Max(long a, long b) => Math.Max(a, b);
        /// <summary>The larger of two numbers.</summary>
        public static double Max(double a, double b) => Math.Max(a, b);
    }
}
