using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Finds Conv→BatchNorm pairs (generated member pairs, and adjacent children of a Sequential, which runs as a
    /// chain) and computes the folded weights: W·γ/√(σ²+ε) per output channel, (b − μ)·γ/√(σ²+ε) + β, in float64.
    /// A BatchNorm not right after a convolution (DenseNet's norm before conv) is left to run in eval mode.
    /// </summary>
    static class BatchNormFolding
    {
        public static List<(Conv2d Conv, BatchNorm2d Norm)> Pairs(nn.Module network)
        {
            var pairs = new List<(Conv2d, BatchNorm2d)>();
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
                        if (children.GetValueOrDefault(names[i]) is Conv2d conv && children.GetValueOrDefault(names[i + 1]) is BatchNorm2d norm)
                            pairs.Add((conv, norm));
                }
                else if (module is Sequential sequential)
                    for (int i = 0; i + 1 < sequential.Count; i++)
                        if (sequential[i] is Conv2d conv && sequential[i + 1] is BatchNorm2d norm)
                            pairs.Add((conv, norm));
            }
            return pairs;
        }

        /// <summary>The convolution's weight and bias with the BatchNorm's eval-mode affine transform folded in (fp32, no grad).</summary>
        public static (Tensor Weight, Tensor Bias) Fold(Conv2d conv, BatchNorm2d norm)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var mean = norm.running_mean!.to(ScalarType.Float64);
            var variance = norm.running_var!.to(ScalarType.Float64);
            var gamma = norm.weight is null ? ones_like(mean) : norm.weight.to(ScalarType.Float64);
            var beta = norm.bias is null ? zeros_like(mean) : norm.bias.to(ScalarType.Float64);
            var scale = gamma.div(variance.add(norm.eps).sqrt());
            var weight = conv.weight!.to(ScalarType.Float64).mul(scale.view(-1, 1, 1, 1));
            var bias = conv.bias is null ? zeros_like(mean) : conv.bias.to(ScalarType.Float64);
            bias = bias.sub(mean).mul(scale).add(beta);
            return (weight.to(ScalarType.Float32).MoveToOuterDisposeScope(), bias.to(ScalarType.Float32).MoveToOuterDisposeScope());
        }
    }
}
