using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>
    /// A declared input: "3x224x224" (concrete), "3xHxW" (any size) or "3x(32k)x(32k)", "1x(16k+12)x(16k+12)"
    /// (sizes of that form, k ≥ 0). A symbolic axis is Modulus·k + Residue; a concrete one has Modulus 0.
    /// </summary>
    internal readonly struct InputSpec
    {
        InputSpec(int channels, AxisSpec h, AxisSpec w) { C = channels; H = h; W = w; }

        public int C { get; }
        public AxisSpec H { get; }
        public AxisSpec W { get; }
        public bool IsSymbolic => H.IsSymbolic || W.IsSymbolic;

        public static bool TryParse(string? text, out InputSpec spec)
        {
            spec = default;
            if (text == null) return false;
            string[] parts = text.Split('x');
            if (parts.Length != 3 || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int c) || c <= 0) return false;
            if (!AxisSpec.TryParse(parts[1], out var h) || !AxisSpec.TryParse(parts[2], out var w)) return false;
            spec = new InputSpec(c, h, w);
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
