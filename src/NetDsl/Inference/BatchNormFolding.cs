using System.Collections.Generic;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Finds Conv→BatchNorm pairs (generated member pairs, and adjacent children of a Sequential, which runs as a
    /// chain) and computes the folded weights: W·γ/√(σ²+ε) per output channel, (b − μ)·γ/√(σ²+ε) + β, in float64.
    /// A BatchNorm not right after a convolution (DenseNet's norm before conv) is left to run in eval mode. Both ranks fold:
    /// Conv2d→BatchNorm2d and, on CxL maps, Conv1d→BatchNorm1d.
    /// </summary>
    static class BatchNormFolding
    {
        public static List<(Convolution Conv, BatchNorm Norm)> Pairs(nn.Module network)
        {
            var pairs = new List<(Convolution, BatchNorm)>();
            // TorchSharp's named_modules() leaves out the module itself.
            var all = new List<nn.Module> { network };
            foreach (var (_, module) in network.named_modules()) all.Add(module);
            foreach (var module in all)
            {
                if (module is NetDslModule generated)
                {
                    var names = generated.FoldablePairNames;
                    if (names.Length == 0) continue;
                    var children = new Dictionary<string, nn.Module>();
                    foreach (var (name, child) in generated.named_children()) children[name] = child;
                    for (int i = 0; i + 1 < names.Length; i += 2)
                        if (Foldable(children.GetValueOrDefault(names[i]), children.GetValueOrDefault(names[i + 1])) is { } pair) pairs.Add(pair);
                }
                else if (module is Sequential sequential)
                    for (int i = 0; i + 1 < sequential.Count; i++)
                        if (Foldable(sequential[i] as nn.Module, sequential[i + 1] as nn.Module) is { } pair) pairs.Add(pair);
            }
            return pairs;
        }

        /// <summary>A convolution and the BatchNorm of its rank after it (Conv2d→BatchNorm2d, Conv1d→BatchNorm1d), or null.</summary>
        static (Convolution, BatchNorm)? Foldable(nn.Module? first, nn.Module? second) => (first, second) switch
        {
            (Conv2d conv, BatchNorm2d norm) => (conv, norm),
            (Conv1d conv, BatchNorm1d norm) => (conv, norm),
            _ => null,
        };

        /// <summary>
        /// The convolution's weight and bias with the BatchNorm's eval-mode affine transform folded in (fp32, no grad), in the
        /// caller's dispose scope: the caller disposes them (or keeps copies and lets its scope take them).
        /// </summary>
        public static (Tensor Weight, Tensor Bias) Fold(Convolution conv, BatchNorm norm)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var mean = norm.running_mean!.to(ScalarType.Float64);
            var variance = norm.running_var!.to(ScalarType.Float64);
            var gamma = norm.weight is null ? ones_like(mean) : norm.weight.to(ScalarType.Float64);
            var beta = norm.bias is null ? zeros_like(mean) : norm.bias.to(ScalarType.Float64);
            using var eps = norm.eps.ToScalar();
            var scale = gamma.div(variance.add(eps, Scalars.One).sqrt());
            var perChannel = new long[conv.weight!.dim()];
            perChannel[0] = -1;
            for (int i = 1; i < perChannel.Length; i++) perChannel[i] = 1;
            var weight = conv.weight!.to(ScalarType.Float64).mul(scale.view(perChannel));
            var bias = conv.bias is null ? zeros_like(mean) : conv.bias.to(ScalarType.Float64);
            bias = bias.sub(mean).mul(scale).add(beta, Scalars.One);
            return (weight.to(ScalarType.Float32).MoveToOuterDisposeScope(), bias.to(ScalarType.Float32).MoveToOuterDisposeScope());
        }
    }
}
