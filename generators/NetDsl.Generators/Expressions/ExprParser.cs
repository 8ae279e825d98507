using System.Globalization;

namespace NetDsl.Generators.Expressions
{
    /// <summary>Recursive-descent parser for attribute expressions such as "width * 4" or "(c + 1) / 2".</summary>
    public sealed class ExprParser
    {
        readonly string text;
        int pos;

        ExprParser(string text) { this.text = text; }

        static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Expr? Expr, string Error)> parsed =
            new System.Collections.Concurrent.ConcurrentDictionary<string, (Expr?, string)>(System.StringComparer.Ordinal);

        /// <summary>
        /// Parses <paramref name="text"/>; on failure returns null with a message saying where and why. Results are
        /// memoized (expressions are immutable): the checker evaluates the same strings for every instance and probe.
        /// </summary>
        public static Expr? Parse(string text, out string error)
        {
            var result = parsed.GetOrAdd(text, t => (ParseNew(t, out string e), e));
            error = result.Error;
            return result.Expr;
        }

        static Expr? ParseNew(string text, out string error)
        {
            var parser = new ExprParser(text);
            error = "";
            try
            {
                var expr = parser.Sum();
                parser.SkipSpaces();
                if (parser.pos < text.Length) throw new ParseError($"unexpected '{text[parser.pos]}' at position {parser.pos + 1}");
                return expr;
            }
            catch (ParseError e)
            {
                error = e.Message;
                return null;
            }
        }

        Expr Sum()
        {
            var left = Product();
            while (TryOp('+', '-', out char op)) left = new Expr.Binary(op, left, Product());
            return left;
        }

        Expr Product()
        {
            var left = Unary();
            while (TryOp('*', '/', '%', out char op)) left = new Expr.Binary(op, left, Unary());
            return left;
        }

        Expr Unary()
        {
            SkipSpaces();
            if (pos < text.Length && text[pos] == '-') { pos++; return new Expr.Negate(Unary()); }
            return Atom();
        }

        Expr Atom()
        {
            SkipSpaces();
            if (pos >= text.Length) throw new ParseError("the expression ends too early");
            char c = text[pos];
            if (c == '(')
            {
                pos++;
                var inner = Sum();
                SkipSpaces();
                if (pos >= text.Length || text[pos] != ')') throw new ParseError("a ')' is missing");
                pos++;
                return inner;
            }
            if (char.IsDigit(c) || c == '.') return NumberLiteral();
            if (char.IsLetter(c) || c == '_' || c == '@')
            {
                int start = pos;
                if (c == '@') pos++;
                while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_')) pos++;
                string identifier = text.Substring(start, pos - start).TrimStart('@');
                SkipSpaces();
                if (pos < text.Length && text[pos] == '(') return CallOf(identifier);
                return new Expr.Name(identifier);
            }
            throw new ParseError($"unexpected '{c}' at position {pos + 1}");
        }

        Expr CallOf(string function)
        {
            int arity = -1;
            foreach (var f in NetDsl.Shapes.ScalingRules.Functions) if (f.Name == function) arity = f.Arity;
            if (arity < 0) throw new ParseError($"'{function}' is not a function; use min, max, ceil, floor, round or make_divisible");
            pos++;
            var arguments = new System.Collections.Generic.List<Expr> { Sum() };
            SkipSpaces();
            while (pos < text.Length && text[pos] == ',')
            {
                pos++;
                arguments.Add(Sum());
                SkipSpaces();
            }
            if (pos >= text.Length || text[pos] != ')') throw new ParseError($"a ')' is missing after the arguments of {function}");
            pos++;
            if (arguments.Count != arity) throw new ParseError($"{function} takes {arity} argument(s), got {arguments.Count}");
            return new Expr.Call(function, arguments.ToArray());
        }

        Expr NumberLiteral()
        {
            int start = pos;
            while (pos < text.Length && (char.IsDigit(text[pos]) || text[pos] == '.')) pos++;
            string literal = text.Substring(start, pos - start);
            if (literal.IndexOf('.') < 0 && long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out long i))
                return new Expr.Number(Scalar.Of(i));
            if (double.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double d))
                return new Expr.Number(Scalar.Of(d));
            throw new ParseError($"'{literal}' is not a number");
        }

        bool TryOp(char a, char b, out char op) => TryOp(a, b, '\0', out op);

        bool TryOp(char a, char b, char c, out char op)
        {
            SkipSpaces();
            op = pos < text.Length ? text[pos] : '\0';
            if (op != '\0' && (op == a || op == b || op == c)) { pos++; return true; }
            return false;
        }

        void SkipSpaces()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
        }

        sealed class ParseError : System.Exception
        {
            public ParseError(string message) : base(message) { }
        }
    }
}
