using System.Collections.Generic;
using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>
    /// A declared input: "3x224x224" (concrete), "3xHxW" (any size) or "3x(32k)x(32k)", "1x(16k+12)x(16k+12)"
    /// (sizes of that form, k ≥ 0); for a 1-D map "1x16000", "1xL" (any length), "1x(16k)" or "1x(16k+4)".
    /// A symbolic axis is Modulus·k + Residue; a concrete one has Modulus 0. A CxL spec is held as
    /// <see cref="TensorShape"/> holds a CxL map: H fixed at 1, W the length (<see cref="L"/>).
    /// </summary>
    internal readonly struct InputSpec
    {
        InputSpec(int rank, int channels, AxisSpec h, AxisSpec w) { Rank = rank; C = channels; H = h; W = w; }

        /// <summary>3 for CxHxW, 2 for CxL (as <see cref="TensorShape.Rank"/>).</summary>
        public int Rank { get; }
        public int C { get; }
        /// <summary>The height (fixed at 1 for a CxL input).</summary>
        public AxisSpec H { get; }
        /// <summary>The width (the length of a CxL input).</summary>
        public AxisSpec W { get; }
        /// <summary>The length of a CxL input (its <see cref="W"/>).</summary>
        public AxisSpec L => W;
        public bool Is1d => Rank == 2;
        public bool IsSymbolic => H.IsSymbolic || W.IsSymbolic;

        /// <summary>Whether <paramref name="shape"/> is a concrete input of this form (same rank and channels, each axis admitted).</summary>
        public bool Admits(TensorShape shape) => shape.Rank == Rank && shape.C == C && H.Admits(shape.H) && W.Admits(shape.W);

        /// <summary>The symbolic axes, by the names their rules use: ('H', H) and ('W', W), or ('L', L).</summary>
        public (char Name, AxisSpec Domain)[] SymbolicAxes()
        {
            var axes = new List<(char, AxisSpec)>(2);
            if (Is1d) { if (L.IsSymbolic) axes.Add(('L', L)); }
            else
            {
                if (H.IsSymbolic) axes.Add(('H', H));
                if (W.IsSymbolic) axes.Add(('W', W));
            }
            return axes.ToArray();
        }

        public static bool TryParse(string? text, out InputSpec spec)
        {
            spec = default;
            if (text == null) return false;
            string[] parts = text.Split('x');
            if (parts.Length < 2 || parts.Length > 3 || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int c) || c <= 0) return false;
            if (parts.Length == 2)
            {
                if (!AxisSpec.TryParse(parts[1], out var l)) return false;
                spec = new InputSpec(2, c, AxisSpec.Fixed(1), l);
                return true;
            }
            if (!AxisSpec.TryParse(parts[1], out var h) || !AxisSpec.TryParse(parts[2], out var w)) return false;
            spec = new InputSpec(3, c, h, w);
            return true;
        }
    }

    /// <summary>One axis of an <see cref="InputSpec"/>: a fixed size, or Modulus·k + Residue (k ≥ 0).</summary>
    internal readonly struct AxisSpec
    {
        AxisSpec(int modulus, int residue) { Modulus = modulus; Residue = residue; }

        public int Modulus { get; }
        public int Residue { get; }
        public bool IsSymbolic => Modulus > 0;

        /// <summary>The concrete axis of size <paramref name="size"/>.</summary>
        public static AxisSpec Fixed(int size) => new AxisSpec(0, size);

        /// <summary>The size of this form nearest above <paramref name="target"/> (or <paramref name="target"/>'s own), for examples in messages.</summary>
        public int Example(int target)
        {
            if (!IsSymbolic) return Residue;
            if (target <= Residue) return Residue > 0 ? Residue : Modulus;
            return Residue + (target - Residue + Modulus - 1) / Modulus * Modulus;
        }

        public bool Admits(int size) => IsSymbolic ? size >= Residue && (size - Residue) % Modulus == 0 && size > 0 : size == Residue;

        public static bool TryParse(string text, out AxisSpec axis)
        {
            axis = default;
            text = text.Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) { axis = new AxisSpec(0, n); return n > 0; }
            if (text.Length == 1 && char.IsLetter(text[0]) && text != "k") { axis = new AxisSpec(1, 0); return true; }
            if (text.Length < 3 || text[0] != '(' || text[text.Length - 1] != ')') return false;
            string inner = text.Substring(1, text.Length - 2).Replace(" ", "");
            int k = inner.IndexOf('k');
            if (k <= 0) return false;
            if (!int.TryParse(inner.Substring(0, k), NumberStyles.None, CultureInfo.InvariantCulture, out int m) || m <= 0) return false;
            string rest = inner.Substring(k + 1);
            int r = 0;
            if (rest.Length > 0 && (rest[0] != '+' || !int.TryParse(rest.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out r))) return false;
            axis = new AxisSpec(m, r);
            return true;
        }
    }
}
