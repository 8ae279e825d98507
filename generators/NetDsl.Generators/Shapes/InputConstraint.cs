using System.Collections.Generic;
using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>
    /// One admissible family of sizes for an input axis: size = Modulus·k + Residue with size ≥ Minimum.
    /// An axis with several rules admits a size that any of them admits. Derived by the generator for
    /// networks declared with a symbolic input, checked again by generated constructors.
    /// </summary>
    public sealed class AxisRule
    {
        /// <summary>Sizes of <paramref name="axis"/> congruent to <paramref name="residue"/> (… + span − 1) modulo <paramref name="modulus"/>, at least <paramref name="minimum"/>.</summary>
        public AxisRule(char axis, int modulus, int residue, int minimum, int span = 1)
        {
            Axis = axis;
            Modulus = modulus;
            Residue = residue;
            Minimum = minimum;
            Span = span;
        }

        /// <summary>'H' or 'W' (a CxHxW input), or 'L' (the length of a CxL input).</summary>
        public char Axis { get; }
        /// <summary>The period of admitted sizes.</summary>
        public int Modulus { get; }
        /// <summary>The first admitted residue modulo Modulus.</summary>
        public int Residue { get; }
        /// <summary>The smallest admitted size.</summary>
        public int Minimum { get; }

        /// <summary>How many consecutive residues from <see cref="Residue"/> are admitted (FCN: 32k + 0 … 32k + 7).</summary>
        public int Span { get; }

        /// <summary>Whether <paramref name="size"/> satisfies this rule.</summary>
        public bool Admits(int size) => size >= Minimum && ((size - Residue) % Modulus + Modulus) % Modulus < Span;

        /// <summary>"H = 16k + 12, k ≥ 11 (H ≥ 188)", "H a multiple of 32 (H ≥ 32)", "L a multiple of 8 (L ≥ 8)", "H ≥ 1".</summary>
        public override string ToString()
        {
            string a = Axis.ToString();
            if (Modulus == 1) return $"{a} ≥ {I(Minimum)}";
            if (Span > 1) return $"{a} = {I(Modulus)}k + r, {I(Residue)} ≤ r ≤ {I(Residue + Span - 1)} ({a} ≥ {I(Minimum)})";
            if (Residue == 0) return $"{a} a multiple of {I(Modulus)} ({a} ≥ {I(Minimum)})";
            int k = (Minimum - Residue) / Modulus;
            return $"{a} = {I(Modulus)}k + {I(Residue)}, k ≥ {I(k)} ({a} ≥ {I(Minimum)})";
        }

        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Checks an input shape against derived axis rules, with one message for compile time and run time.</summary>
    internal static class InputConstraints
    {
        /// <summary>The axes rules may name, in the order they are described and checked.</summary>
        static readonly char[] Axes = { 'H', 'W', 'L' };

        /// <summary>Human-readable constraints, one per axis ("H = 16k + 12, k ≥ 11 (H ≥ 188)", "L a multiple of 8 (L ≥ 8)").</summary>
        public static List<string> Describe(IReadOnlyList<AxisRule> rules)
        {
            var lines = new List<string>();
            foreach (char axis in Axes)
            {
                var alternatives = new List<string>();
                foreach (var r in rules) if (r.Axis == axis) alternatives.Add(r.ToString());
                if (alternatives.Count > 0) lines.Add(string.Join(" or ", alternatives));
            }
            return lines;
        }

        /// <summary>
        /// Every axis of <paramref name="input"/> no rule admits (H and W both, where both fail), as one ShapeIssue naming each
        /// axis's constraint and its nearest valid sizes.
        /// </summary>
        public static ShapeIssue? Check(string model, TensorShape input, IReadOnlyList<AxisRule> rules)
        {
            if (!input.IsMap || rules.Count == 0) return null;
            var constraints = new List<string>();
            var fixes = new List<string>();
            foreach (char axis in Axes)
            {
                // A CxHxW input is checked on H and W, a CxL one on its length L (held as its W).
                if (input.Is1d != (axis == 'L')) continue;
                int size = axis == 'H' ? input.H : input.W;
                var all = new List<AxisRule>();
                bool admitted = false;
                foreach (var r in rules)
                {
                    if (r.Axis != axis) continue;
                    all.Add(r);
                    admitted |= r.Admits(size);
                }
                if (all.Count == 0 || admitted) continue;
                constraints.Add(string.Join(" or ", Strings(all)));
                fixes.Add(Nearest(size, all));
            }
            if (constraints.Count == 0) return null;
            string plural = constraints.Count > 1 ? "s" : "";
            return new ShapeIssue(ShapeIssueIds.InputConstraint,
                $"{model}: input {input} does not meet the constraint{plural} derived from its layers: {string.Join(" and ", constraints)}; use {string.Join(" and ", fixes)}.");
        }

        static IEnumerable<string> Strings(List<AxisRule> rules)
        {
            foreach (var r in rules) yield return r.ToString();
        }

        static string Nearest(int size, List<AxisRule> rules)
        {
            int below = -1, above = -1;
            for (int d = 1; d <= 1 << 16 && (below < 0 || above < 0); d++)
            {
                if (below < 0 && size - d >= 1 && Any(rules, size - d)) below = size - d;
                if (above < 0 && Any(rules, size + d)) above = size + d;
            }
            string axis = rules[0].Axis.ToString();
            return below > 0
                ? $"{axis} = {below.ToString(CultureInfo.InvariantCulture)} or {above.ToString(CultureInfo.InvariantCulture)}"
                : $"{axis} = {above.ToString(CultureInfo.InvariantCulture)} or larger";
        }

        static bool Any(List<AxisRule> rules, int size)
        {
            foreach (var r in rules) if (r.Admits(size)) return true;
            return false;
        }
    }
}
