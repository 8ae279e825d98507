using System;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>Activation modules and their functional forms, used by generated code.</summary>
    public static class Activations
    {
        /// <summary>The module for activation <paramref name="kind"/> (in place when <paramref name="inplace"/>), for generated code.</summary>
        public static nn.Module<Tensor, Tensor> Module(Act kind, bool inplace) => kind switch
        {
            Act.ReLU => nn.ReLU(inplace),
            Act.ReLU6 => nn.ReLU6(inplace),
            Act.Sigmoid => nn.Sigmoid(),
            Act.Tanh => nn.Tanh(),
            Act.GELU => nn.GELU(),
            Act.SiLU => nn.SiLU(),
            Act.Hardswish => nn.Hardswish(inplace),
            Act.Hardsigmoid => nn.Hardsigmoid(inplace),
            Act.Mish => nn.Mish(),
            Act.None => nn.Identity(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown activation"),
        };

        /// <summary>
        /// <paramref name="value"/>, or <see cref="ArgumentOutOfRangeException"/> naming <paramref name="parameter"/> of
        /// <paramref name="owner"/> and the valid values where it names no <see cref="Act"/> (<c>(Act)99</c>): generated code checks
        /// a network's Act parameters with it before building, as ND0013 checks constants at compile time.
        /// </summary>
        public static Act Defined(Act value, string parameter, string owner)
        {
            if (Enum.IsDefined(value)) return value;
            string valid = string.Join(", ", Array.ConvertAll(Enum.GetNames<Act>(), n => "Act." + n));
            string number = ((int)value).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ArgumentOutOfRangeException(parameter, value,
                $"{owner}: parameter '{parameter}' is (Act){number}, which names no Act value; pass one of {valid}.");
        }

        /// <summary>Applies an activation; <paramref name="inplace"/> only when the input is not needed elsewhere.</summary>
        public static Tensor Apply(Act kind, Tensor x, bool inplace) => kind switch
        {
            Act.ReLU => nn.functional.relu(x, inplace),
            Act.ReLU6 => nn.functional.relu6(x, inplace),
            Act.Sigmoid => nn.functional.sigmoid(x),
            Act.Tanh => nn.functional.tanh(x),
            Act.GELU => nn.functional.gelu(x),
            Act.SiLU => nn.functional.silu(x),
            Act.Hardswish => nn.functional.hardswish(x, inplace),
            Act.Hardsigmoid => nn.functional.hardsigmoid(x, inplace),
            Act.Mish => nn.functional.mish(x),
            Act.None => x,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown activation"),
        };
    }
}
