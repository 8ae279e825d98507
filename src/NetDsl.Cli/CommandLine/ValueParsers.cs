using System;
using System.Globalization;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// Option values from their text, with the one message a bad value gets: it names the option, what it
    /// accepts and the value given (<c>--epochs must be an integer ≥ 1, got 'zero'</c>). Null means accepted.
    /// </summary>
    internal static class ValueParsers
    {
        public static string? Int(string option, string text, int min, out int value)
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min) return null;
            return $"{option} must be an integer ≥ {min}, got '{text}'";
        }

        /// <summary>A finite number in [<paramref name="min"/>, <paramref name="below"/>); <paramref name="positive"/> excludes <paramref name="min"/> = 0 itself.</summary>
        public static string? Number(string option, string text, double min, double below, bool positive, out double value)
        {
            bool ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                && double.IsFinite(value) && value >= min && value < below && (!positive || value > 0);
            if (ok) return null;
            if (positive) return $"{option} must be a number > 0, got '{text}'";
            return $"{option} must be a number ≥ {min.ToString(CultureInfo.InvariantCulture)}" +
                (double.IsPositiveInfinity(below) ? "" : $" and below {below.ToString(CultureInfo.InvariantCulture)}") + $", got '{text}'";
        }

        public static string? Choice(string option, string text, string[] choices) =>
            Array.IndexOf(choices, text) >= 0 ? null : $"{option} '{text}' is not one of {string.Join(", ", choices)}";

        public static string? Shape(string option, string text, out TensorShape shape) =>
            TensorShape.TryParse(text, out shape) ? null : $"{option} '{text}' is not a shape; write CxHxW with positive sizes, e.g. 3x64x64";
    }
}
