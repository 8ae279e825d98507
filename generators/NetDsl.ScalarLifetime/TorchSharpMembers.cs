using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetDsl.ScalarLifetime
{
    /// <summary>
    /// The TorchSharp 0.107 members that make a Scalar of their own and drop it before the native call has
    /// read it (read from TorchSharp's source: Tensor.Operators.cs, Tensor.Math.cs), with the call that does not.
    /// </summary>
    static class TorchSharpMembers
    {
        public static bool IsScalar(ITypeSymbol? type) => type?.ToDisplayString() == "TorchSharp.Scalar";

        public static bool IsTensor(ITypeSymbol? type) => type?.ToDisplayString() == "TorchSharp.torch.Tensor";

        /// <summary>
        /// Tensor's operators: one with a number operand converts it inside (tensor * 2.0); every + calls add without
        /// an alpha (a made 1), and scalar − tensor is negative().add(scalar).
        /// </summary>
        public static string? HiddenScalarInOperator(IMethodSymbol op)
        {
            if (op.Parameters.Any(p => !IsTensor(p.Type) && !IsScalar(p.Type)))
                return "use the method (mul, sub, div…) with a Scalar from a ScalarScope, a 'using Scalar' local or a static field";
            if (op.Name == "op_Addition")
                return "write a.add(b, alpha: NetDsl.Scalars.One)";
            if (op.Name == "op_Subtraction" && IsScalar(op.Parameters[0].Type))
                return "write t.neg().add(s, alpha: NetDsl.Scalars.One)";
            return null;
        }

        /// <summary>
        /// Tensor-to-number reads that go through a Scalar they drop at once: TensorExtensionMethods.ToDouble and its
        /// kin are <c>t.ToScalar().ToDouble()</c>, and Tensor's explicit operators (<c>(double)t</c>) call them.
        /// </summary>
        public static bool IsTensorReadThroughScalar(IMethodSymbol method) =>
            method.Parameters.Length == 1 && IsTensor(method.Parameters[0].Type) && !IsTensor(method.ReturnType)
            && (method.MethodKind == MethodKind.Conversion && IsTensor(method.ContainingType)
                || method.ContainingType.ToDisplayString() == "TorchSharp.TensorExtensionMethods"
                   && method.Name.StartsWith("To") && method.Name != "ToScalar" && !IsScalar(method.ReturnType));

        /// <summary>A number's or tensor's own ToScalar(): the Scalar it returns is the caller's to hold.</summary>
        public static bool IsToScalar(IMethodSymbol method) =>
            method.Name == "ToScalar" && IsScalar(method.ReturnType)
            && method.ContainingNamespace?.ToDisplayString() == "TorchSharp";

        /// <summary>
        /// Printing a tensor's values (str, npstr, cstr, jlstr, print, ToString with a style) reads every element through a
        /// dropped <c>t[i].ToScalar()</c>; linalg.vector_norm and matrix_norm drop the Scalar they make of a numeric ord.
        /// </summary>
        static string? HiddenScalarOutsideTensor(IMethodSymbol method)
        {
            string type = method.ContainingType?.ToDisplayString() ?? "";
            bool printsValues = type == "TorchSharp.TensorExtensionMethods" && method.Name is "str" or "npstr" or "cstr" or "jlstr" or "print"
                || IsTensor(method.ContainingType) && method.Name == "ToString" && method.Parameters.Length > 0;
            if (printsValues)
                return "format the values read with data<T>() or item<T>() instead";
            if (type == "TorchSharp.torch.linalg" && method.Name is "vector_norm" or "matrix_norm"
                && method.Parameters.Any(p => p.Name == "ord" && p.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Int32))
                return "use Tensor.norm(p), which passes p as a number, or square, sum and sqrt";
            return null;
        }

        /// <summary>
        /// A TorchSharp BatchNorm layer run through its own forward (<c>bn.forward(x)</c>, <c>bn.call(x)</c>): in training it counts
        /// the batch with <c>num_batches_tracked.add_(1)</c>, dropping two Scalars, every layer, every step.
        /// </summary>
        public static string? HiddenScalarInModule(IMethodSymbol method, ITypeSymbol? receiver)
        {
            if (method.Name is not ("forward" or "call") || receiver == null) return null;
            for (var type = receiver; type != null; type = type.BaseType)
                if (type.ToDisplayString() == "TorchSharp.Modules.BatchNorm")
                    return "run it with NetDsl.Compute.BatchNorm(layer, x), the same batch_norm with held Scalars";
            return null;
        }

        /// <summary>add/add_ without alpha and addcdiv/addcdiv_ without value pass a 1 they make themselves.</summary>
        public static string? HiddenScalarInMethod(IMethodSymbol method)
        {
            string? elsewhere = HiddenScalarOutsideTensor(method);
            if (elsewhere != null) return elsewhere;
            if (!IsTensor(method.ContainingType)) return null;
            if (method.Name is "add" or "add_" && method.Parameters.Length == 1)
                return $"pass the alpha, {method.Name}(…, alpha: NetDsl.Scalars.One)";
            if (method.Name is "addcdiv" or "addcdiv_" && method.Parameters.Length == 2)
                return $"pass the value, {method.Name}(…, …, value: NetDsl.Scalars.One)";
            return null;
        }
    }
}
