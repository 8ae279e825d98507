using System;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Beta(α, α) from a <see cref="Random"/> we own (so a draw depends only on its seed), as X / (X + Y) of two
    /// Gamma(α) draws; Gamma by Marsaglia and Tsang (2000), with the U^(1/α) boost below α = 1.
    /// </summary>
    internal static class BetaDraw
    {
        /// <summary>One draw of Beta(<paramref name="alpha"/>, <paramref name="alpha"/>), in [0, 1].</summary>
        public static double Symmetric(Random random, double alpha)
        {
            double x = Gamma(random, alpha), y = Gamma(random, alpha);
            // Tiny α can underflow both to 0; the distribution then sits at its ends, each with half the mass.
            if (x + y == 0) return random.NextDouble() < 0.5 ? 0 : 1;
            return x / (x + y);
        }

        /// <summary>One draw of Gamma(<paramref name="shape"/>, 1).</summary>
        public static double Gamma(Random random, double shape)
        {
            if (!(shape > 0) || !double.IsFinite(shape)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "a Gamma shape must be a finite number above 0");
            if (shape < 1)
            {
                // Γ(a) = Γ(a + 1) · U^(1/a), U uniform in (0, 1].
                double u = 1.0 - random.NextDouble();
                return Gamma(random, shape + 1) * Math.Pow(u, 1 / shape);
            }
            double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
            while (true)
            {
                double x, v;
                do
                {
                    x = Normal(random);
                    v = 1 + c * x;
                }
                while (v <= 0);
                v = v * v * v;
                double u = 1.0 - random.NextDouble();
                if (u < 1 - 0.0331 * x * x * x * x) return d * v;
                if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
            }
        }

        /// <summary>A standard normal draw (Box–Muller).</summary>
        static double Normal(Random random)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
