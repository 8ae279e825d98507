namespace NetDsl.Shapes
{
    /// <summary>The nearest values that satisfy a divisibility rule, for fixes that name a number rather than a rule.</summary>
    internal static class Nearest
    {
        public static int Gcd(int a, int b) => b == 0 ? System.Math.Abs(a) : Gcd(b, a % b);

        /// <summary>The divisor of <paramref name="n"/> closest to <paramref name="target"/> (the smaller one on a tie; 1 divides everything).</summary>
        public static int Divisor(int n, int target)
        {
            int best = 1;
            for (int d = 1; d <= n; d++)
                if (n % d == 0 && System.Math.Abs(d - target) < System.Math.Abs(best - target)) best = d;
            return best;
        }

        /// <summary>The positive multiple of <paramref name="m"/> closest to <paramref name="value"/> (the larger one on a tie).</summary>
        public static int Multiple(int value, int m)
        {
            int below = value / m * m, above = below + m;
            return below >= m && value - below < above - value ? below : above;
        }
    }
}
