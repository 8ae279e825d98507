using System.Text;

namespace NetDsl.Generators.Expressions
{
    /// <summary>Turns an expression into C# source over the class's primary-constructor parameters.</summary>
    public static class ExprEmitter
    {
        public static string ToCSharp(Expr expr)
        {
            var sb = new StringBuilder();
            Write(expr, sb);
            return sb.ToString();
        }

        static void Write(Expr expr, StringBuilder sb)
        {
            switch (expr)
            {
                case Expr.Number n: sb.Append(Literals.Of(n.Value)); break;
                case Expr.Name name: sb.Append('@').Append(name.Identifier); break;
                case Expr.Negate neg: sb.Append("(-"); Write(neg.Operand, sb); sb.Append(')'); break;
                case Expr.Binary b:
                    sb.Append('(');
                    Write(b.Left, sb);
                    sb.Append(' ').Append(b.Op).Append(' ');
                    Write(b.Right, sb);
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
            string s = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return s.IndexOf('.') >= 0 || s.IndexOf('E') >= 0 ? s + "d" : s + ".0";
        }

        public static string String(string s) =>
            "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";
    }
}
