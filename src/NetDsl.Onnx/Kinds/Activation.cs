using System;
using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[Activation], [ReLU], [SiLU], …: one ONNX op where there is one, else its definition in ops.</summary>
        static void Map(OnnxBuilder b, GraphNode n, ActivationArgs a)
        {
            if (a.Kind == Act.None) { b.Alias(n, b.In(n)); return; }
            Activation(b, n, a.Kind, b.In(n), b.Out(n));
        }

        /// <summary>Writes activation <paramref name="kind"/> of <paramref name="x"/> into <paramref name="output"/> (also squeeze-excite's).</summary>
        static string Activation(OnnxBuilder b, GraphNode n, Act kind, string x, string output)
        {
            switch (kind)
            {
                case Act.ReLU: return b.Node("Relu", new[] { x }, output);
                case Act.ReLU6:
                    return b.Node("Clip", new[] { x, b.Floats(Temp(n, "zero"), new[] { 0f }), b.Floats(Temp(n, "six"), new[] { 6f }) }, output);
                case Act.Sigmoid: return b.Node("Sigmoid", new[] { x }, output);
                case Act.Tanh: return b.Node("Tanh", new[] { x }, output);
                case Act.SiLU: return b.Node("Mul", new[] { x, b.Node("Sigmoid", new[] { x }, output + "/sigmoid") }, output);
                case Act.Hardswish: return b.Node("HardSwish", new[] { x }, output);
                // PyTorch's hardsigmoid is relu6(x + 3) / 6.
                case Act.Hardsigmoid: return b.Node("HardSigmoid", new[] { x }, output, Float("alpha", 1.0 / 6), Float("beta", 0.5));
                case Act.Mish:
                    if (b.Opset >= 18) return b.Node("Mish", new[] { x }, output);
                    // x · tanh(softplus(x)), softplus(x) = ln(1 + e^x).
                    return b.Node("Mul", new[] { x, b.Node("Tanh", new[] { b.Node("Softplus", new[] { x }, output + "/softplus") }, output + "/tanh") }, output);
                case Act.GELU:
                    if (b.Opset >= 20) return b.Node("Gelu", new[] { x }, output);
                    // The exact GELU (PyTorch's default): x · ½ · (1 + erf(x / √2)).
                    var erf = b.Node("Erf", new[] { b.Node("Div", new[] { x, b.Floats(Temp(n, "sqrt2"), new[] { (float)Math.Sqrt(2) }) }, output + "/scaled") }, output + "/erf");
                    var plus = b.Node("Add", new[] { erf, b.Floats(Temp(n, "one"), new[] { 1f }) }, output + "/plus1");
                    return b.Node("Mul", new[] { b.Node("Mul", new[] { x, plus }, output + "/times"), b.Floats(Temp(n, "half"), new[] { 0.5f }) }, output);
                default: throw new OnnxExportException($"{n.Path}: activation {kind} has no ONNX mapping");
            }
        }

        /// <summary>[Hardtanh] → Clip(x, min, max).</summary>
        static void Map(OnnxBuilder b, GraphNode n, HardtanhArgs a) =>
            b.Node("Clip", new[] { b.In(n), b.Floats(Temp(n, "min"), new[] { (float)a.Min }), b.Floats(Temp(n, "max"), new[] { (float)a.Max }) }, b.Out(n));

        /// <summary>[LeakyReLU] → LeakyRelu.</summary>
        static void Map(OnnxBuilder b, GraphNode n, LeakyReLUArgs a) => b.Node("LeakyRelu", new[] { b.In(n) }, b.Out(n), Float("alpha", a.Slope));
    }
}
