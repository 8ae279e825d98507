namespace NetDsl.Generators.Expressions
{
    /// <summary>
    /// The attribute expression language: numbers, parameter names, + - * / %, unary minus, parentheses and
    /// calls of the functions in <see cref="NetDsl.Shapes.ScalingRules"/>.
    /// </summary>
    public abstract class Expr
    {
        public sealed class Number : Expr
        {
            public Number(Scalar value) { Value = value; }
            public Scalar Value { get; }
        }

        public sealed class Name : Expr
        {
            public Name(string identifier) { Identifier = identifier; }
            public string Identifier { get; }
        }

        public sealed class Negate : Expr
        {
            public Negate(Expr operand) { Operand = operand; }
            public Expr Operand { get; }
        }

        public sealed class Call : Expr
        {
            public Call(string function, Expr[] arguments) { Function = function; Arguments = arguments; }
            public string Function { get; }
            public Expr[] Arguments { get; }
        }

        public sealed class Binary : Expr
        {
            public Binary(char op, Expr left, Expr right) { Op = op; Left = left; Right = right; }
            public char Op { get; }
            public Expr Left { get; }
            public Expr Right { get; }
        }
    }
}
