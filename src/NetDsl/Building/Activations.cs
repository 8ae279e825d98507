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
