using System.Text;

namespace NetDsl.Generators.Expressions
{
    /// <summary>Turns an expression into C# source over the class's primary-constructor parameters.</summary>
    public static class ExprEmitter
    {
        /// <summary><paramref name="name"/> maps an identifier to the C# that reads it.</summary>
        public static string ToCSharp(Expr expr, System.Func<string, string> name)
        {
            var sb = new StringBuilder();
            Write(expr, sb, name);
            return sb.ToString();
        }

        static string MethodOf(string function) => function switch
        {
            "make_divisible" => "MakeDivisible",
            _ => char.ToUpperInvariant(function[0]) + function.Substring(1),
        };

        static void Write(Expr expr, StringBuilder sb, System.Func<string, string> name)
        {
            switch (expr)
            {
                case Expr.Number n: sb.Append(Literals.Of(n.Value)); break;
                case Expr.Name id: sb.Append(name(id.Identifier)); break;
                case Expr.Negate neg: sb.Append("(-"); Write(neg.Operand, sb, name); sb.Append(')'); break;
                case Expr.Call c:
                    sb.Append("global::NetDsl.Shapes.ScalingRules.").Append(MethodOf(c.Function)).Append('(');
                    for (int i = 0; i < c.Arguments.Length; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        // make_divisible's value and ceil/floor/round take doubles; the divisor stays an integer.
                        bool asDouble = c.Function != "min" && c.Function != "max" && !(c.Function == "make_divisible" && i == 1);
                        if (asDouble) sb.Append("(double)");
                        Write(c.Arguments[i], sb, name);
                    }
                    sb.Append(')');
                    break;
                case Expr.Binary b:
                    sb.Append('(');
                    Write(b.Left, sb, name);
                    sb.Append(' ').Append(b.Op).Append(' ');
                    Write(b.Right, sb, name);
                    sb.Append(')');
                    break;
            }
        }
    }

    /// <summary>C# literals in invariant culture.</summary>
    public static class Literals
    {
        public static string Of(Scalar value) => value.Kind switch
        {
            ScalarKind.Int => value.Int.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ScalarKind.Double => Double(value.Double),
            ScalarKind.Bool => value.Bool ? "true" : "false",
            _ => String(value.String),
        };

        public static string Double(double d)
        {
            // "R" writes NaN and ∞ as words, which are no C# literal.
            if (double.IsNaN(d)) return "double.NaN";
            if (double.IsPositiveInfinity(d)) return "double.PositiveInfinity";
            if (double.IsNegativeInfinity(d)) return "double.NegativeInfinity";
            string s = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return s.IndexOf('.') >= 0 || s.IndexOf('E') >= 0 ? s + "d" : s + ".0";
        }

        /// <summary>A regular string literal: quotes and backslashes escaped, and every character C# reads as a line break or a
        /// control character (\n, \u2028, \0, …) as a \u escape, which a literal cannot hold as it is.</summary>
        public static string String(string s)
        {
            var sb = new System.Text.StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '\\' || c == '"') sb.Append('\\').Append(c);
                else if (IsBreakOrControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        /// <summary>Text for an XML doc comment (<c>///</c>): &amp;, &lt; and &gt; escaped, and line breaks and control characters
        /// (which would end the comment line, or are not XML) written as \u escapes.</summary>
        public static string DocText(string s)
        {
            var sb = new System.Text.StringBuilder();
            foreach (char c in s)
            {
                if (c == '&') sb.Append("&amp;");
                else if (c == '<') sb.Append("&lt;");
                else if (c == '>') sb.Append("&gt;");
                else if (IsBreakOrControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }

        static bool IsBreakOrControl(char c) => char.IsControl(c) || c == '\u2028' || c == '\u2029';
    }
}
