using System.Collections.Generic;

namespace NetDsl.Generators.Expressions
{
    /// <summary>Evaluates an expression with C# semantics (integer division for ints) given parameter values.</summary>
    public static class ExprEvaluator
    {
        /// <summary>Returns false with a message when a name is unknown or the arithmetic is invalid.</summary>
        public static bool TryEvaluate(Expr expr, IReadOnlyDictionary<string, Scalar> env, out Scalar value, out string error)
        {
            error = "";
            value = default;
            switch (expr)
            {
                case Expr.Number n:
                    value = n.Value;
                    return true;
                case Expr.Name name:
                    if (env.TryGetValue(name.Identifier, out value)) return true;
                    error = $"unknown name '{name.Identifier}'";
                    return false;
                case Expr.Negate neg:
                    if (!TryEvaluate(neg.Operand, env, out var inner, out error)) return false;
                    if (!inner.IsNumber) { error = "'-' needs a number"; return false; }
                    value = inner.Kind == ScalarKind.Int ? Scalar.Of(-inner.Int) : Scalar.Of(-inner.Double);
                    return true;
                case Expr.Binary bin:
                    if (!TryEvaluate(bin.Left, env, out var l, out error) || !TryEvaluate(bin.Right, env, out var r, out error)) return false;
                    return TryApply(bin.Op, l, r, out value, out error);
                case Expr.Call call:
                    var args = new Scalar[call.Arguments.Length];
                    for (int i = 0; i < args.Length; i++)
                    {
                        if (!TryEvaluate(call.Arguments[i], env, out args[i], out error)) return false;
                        if (!args[i].IsNumber) { error = $"{call.Function} needs numbers"; return false; }
                    }
                    return TryCall(call.Function, args, out value, out error);
                default:
                    error = "unsupported expression";
                    return false;
            }
        }

        static bool TryCall(string function, Scalar[] a, out Scalar value, out string error)
        {
            error = "";
            value = default;
            bool ints = System.Array.TrueForAll(a, x => x.Kind == ScalarKind.Int);
            try
            {
                switch (function)
                {
                    case "min": value = ints ? Scalar.Of(System.Math.Min(a[0].Int, a[1].Int)) : Scalar.Of(System.Math.Min(a[0].Double, a[1].Double)); return true;
                    case "max": value = ints ? Scalar.Of(System.Math.Max(a[0].Int, a[1].Int)) : Scalar.Of(System.Math.Max(a[0].Double, a[1].Double)); return true;
                    case "ceil": value = Scalar.Of(NetDsl.Shapes.ScalingRules.Ceil(a[0].Double)); return true;
                    case "floor": value = Scalar.Of(NetDsl.Shapes.ScalingRules.Floor(a[0].Double)); return true;
                    case "round": value = Scalar.Of(NetDsl.Shapes.ScalingRules.Round(a[0].Double)); return true;
                    case "make_divisible":
                        if (a[1].Kind != ScalarKind.Int || a[1].Int <= 0) { error = "make_divisible needs a positive integer divisor"; return false; }
                        value = Scalar.Of(NetDsl.Shapes.ScalingRules.MakeDivisible(a[0].Double, a[1].Int));
                        return true;
                    default: error = $"unknown function '{function}'"; return false;
                }
            }
            catch (System.OverflowException)
            {
                error = $"{function} overflows";
                return false;
            }
        }

        static bool TryApply(char op, Scalar l, Scalar r, out Scalar value, out string error)
        {
            value = default;
            error = "";
            if (!l.IsNumber || !r.IsNumber) { error = $"'{op}' needs numbers"; return false; }
            if (l.Kind == ScalarKind.Int && r.Kind == ScalarKind.Int)
            {
                if ((op == '/' || op == '%') && r.Int == 0) { error = "division by zero"; return false; }
                value = Scalar.Of(op switch
                {
                    '+' => l.Int + r.Int,
                    '-' => l.Int - r.Int,
                    '*' => l.Int * r.Int,
                    '/' => l.Int / r.Int,
                    _ => l.Int % r.Int,
                });
                return true;
            }
            if ((op == '/' || op == '%') && r.Double == 0) { error = "division by zero"; return false; }
            value = Scalar.Of(op switch
            {
                '+' => l.Double + r.Double,
                '-' => l.Double - r.Double,
                '*' => l.Double * r.Double,
                '/' => l.Double / r.Double,
                _ => l.Double % r.Double,
            });
            return true;
        }

        /// <summary>Names the expression refers to (to check them against the declaring class's parameters).</summary>
        public static void CollectNames(Expr expr, ICollection<string> names)
        {
            switch (expr)
            {
                case Expr.Name n: names.Add(n.Identifier); break;
                case Expr.Negate neg: CollectNames(neg.Operand, names); break;
                case Expr.Binary b: CollectNames(b.Left, names); CollectNames(b.Right, names); break;
                case Expr.Call c: foreach (var a in c.Arguments) CollectNames(a, names); break;
            }
        }
    }
}
