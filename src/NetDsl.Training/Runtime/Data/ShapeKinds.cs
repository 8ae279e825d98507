using System;

namespace NetDsl.Runtime.Data
{
    /// <summary>The classes of the synthetic shapes set and their point-inside tests.</summary>
    internal static class ShapeKinds
    {
        public static readonly string[] Names = { "circle", "square", "triangle", "cross", "bar", "ring" };

        public static int Count => Names.Length;

        /// <summary>
        /// The tight bounds of shape <paramref name="kind"/> in the same half-size units as <see cref="Contains"/>:
        /// (left, top, right, bottom), so detection boxes fit the drawn pixels rather than the unit square.
        /// </summary>
        public static (double Left, double Top, double Right, double Bottom) Extent(int kind) => kind switch
        {
            1 => (-0.8, -0.8, 0.8, 0.8),
            2 => (-1.0, -1.0, 1.0, 0.8),
            4 => (-1.0, -0.3, 1.0, 0.3),
            >= 0 and < 6 => (-1.0, -1.0, 1.0, 1.0),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown shape class"),
        };

        /// <summary>
        /// Whether offset (<paramref name="dx"/>, <paramref name="dy"/>) from the shape's centre, in units
        /// of its half-size (so the shape fits in [-1, 1]²), lies inside shape <paramref name="kind"/>.
        /// </summary>
        public static bool Contains(int kind, double dx, double dy)
        {
            double ax = Math.Abs(dx), ay = Math.Abs(dy);
            switch (kind)
            {
                case 0: return dx * dx + dy * dy <= 1.0;                          // filled disc
                case 1: return ax <= 0.8 && ay <= 0.8;                              // filled square
                case 2: return dy >= -1.0 && dy <= 0.8 && ax <= (dy + 1.0) / 1.8;    // apex up (y grows downwards)
                case 3: return (ax <= 0.28 && ay <= 1.0) || (ay <= 0.28 && ax <= 1.0); // plus sign
                case 4: return ax <= 1.0 && ay <= 0.3;                              // horizontal bar
                case 5:                                                             // ring: hollow disc
                    double r2 = dx * dx + dy * dy;
                    return r2 <= 1.0 && r2 >= 0.36;
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown shape class");
            }
        }
    }
}
