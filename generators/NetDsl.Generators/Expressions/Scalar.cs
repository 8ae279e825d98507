using System;
using System.Globalization;

namespace NetDsl.Generators.Expressions
{
    public enum ScalarKind { Int, Double, Bool, String }

    /// <summary>A compile-time value of a parameter or an evaluated attribute argument.</summary>
    public readonly struct Scalar : IEquatable<Scalar>
    {
        Scalar(ScalarKind kind, long i, double d, bool b, string? s) { Kind = kind; Int = i; Double = d; Bool = b; String = s ?? ""; }

        public ScalarKind Kind { get; }
        public long Int { get; }
        public double Double { get; }
        public bool Bool { get; }
        public string String { get; }

        public static Scalar Of(long v) => new Scalar(ScalarKind.Int, v, v, false, null);
        public static Scalar Of(double v) => new Scalar(ScalarKind.Double, 0, v, false, null);
        public static Scalar Of(bool v) => new Scalar(ScalarKind.Bool, 0, 0, v, null);
        public static Scalar Of(string v) => new Scalar(ScalarKind.String, 0, 0, false, v);

        public bool IsNumber => Kind == ScalarKind.Int || Kind == ScalarKind.Double;

        public override string ToString() => Kind switch
        {
            ScalarKind.Int => Int.ToString(CultureInfo.InvariantCulture),
            ScalarKind.Double => Double.ToString("R", CultureInfo.InvariantCulture),
            ScalarKind.Bool => Bool ? "true" : "false",
            _ => "\"" + String + "\"",
        };

        public bool Equals(Scalar o) => Kind == o.Kind && Int == o.Int && Double.Equals(o.Double) && Bool == o.Bool && String == o.String;
        public override bool Equals(object? obj) => obj is Scalar s && Equals(s);
        public override int GetHashCode() => (int)Kind ^ Int.GetHashCode() ^ Double.GetHashCode() ^ String.GetHashCode();
    }
}
