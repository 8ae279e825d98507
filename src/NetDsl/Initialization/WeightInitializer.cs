using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Initialization
{
    /// <summary>Applies a network's <see cref="WeightInitAttribute"/> to its built layers (under the caller's random seed).</summary>
    public static class WeightInitializer
    {
        /// <summary>Initialises <paramref name="network"/>'s weights by the attribute on its declaration type; nothing without one.</summary>
        public static void Apply(nn.Module network, Type declaration)
        {
            var rules = declaration.GetCustomAttribute<WeightInitAttribute>(inherit: true);
            if (rules != null) Apply(network, rules);
        }

        /// <summary>Initialises every convolution and linear layer of <paramref name="network"/> by <paramref name="rules"/>.</summary>
        public static void Apply(nn.Module network, WeightInitAttribute rules)
        {
            var layers = network.named_modules().Where(m => Weight(m.module) is not null).ToList();
            var heads = rules.Head == InitRule.Default ? new HashSet<string>() : HeadPaths(network, layers);
            var byPath = PathRules.Parse(rules.ByPath);
            using var _ = no_grad();
            foreach (var (path, layer) in layers)
            {
                bool linear = layer is Linear;
                var (rule, std) = heads.Contains(path) ? (rules.Head, rules.HeadStd)
                                : linear ? (rules.Linear, rules.LinearStd) : (rules.Conv, rules.ConvStd);
                if (byPath.For(path) is { } own) (rule, std) = (own.Rule, own.Std ?? std);
                if (rule == InitRule.Default) continue;
                Initialise(Weight(layer)!, rule, std);
                if (rules.ZeroBias && Bias(layer) is Tensor bias) nn.init.zeros_(bias);
            }
            byPath.CheckAllUsed(network);
            if (rules.ZeroInitResidual) ResidualBranches.ZeroClosingNorms(network);
        }

        /// <summary>
        /// The module paths <see cref="WeightInitAttribute.Head"/> applies to in <paramref name="network"/>: the convolution
        /// and linear layers that produce its output (an FCN's several scoring layers; never an auxiliary head).
        /// </summary>
        public static IReadOnlyCollection<string> HeadLayers(Network network) =>
            HeadPaths(network, network.named_modules().Where(m => Weight(m.module) is not null).ToList());

        /// <summary>
        /// The head: the convolution or linear layers whose output reaches the network's output through weight-free ops
        /// only (pooling, activations, upsampling, merges), found by walking the declared graph back from its output, so
        /// a DAG network's classifier is found wherever it was declared. A module without a graph: its last layer in
        /// declaration order.
        /// </summary>
        static HashSet<string> HeadPaths(nn.Module network, List<(string name, nn.Module module)> layers)
        {
            var heads = new HashSet<string>(StringComparer.Ordinal);
            if (network is not Network { Graph: { } graph })
            {
                if (LastDeclared(network, "") is string last) heads.Add(last);
                return heads;
            }
            var weighted = new HashSet<string>(layers.Select(l => l.name), StringComparer.Ordinal);
            var seen = new HashSet<Graph.GraphNode>();
            var pending = new Stack<Graph.GraphNode>();
            if (graph.OutputNode != null) pending.Push(graph.OutputNode);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                if (!seen.Add(node)) continue;
                if (node.Kind != null && weighted.Contains(node.Path)) { heads.Add(node.Path); continue; }
                foreach (var source in node.Sources)
                    if (source != null) pending.Push(source);
            }
            return heads;
        }

        /// <summary>
        /// The path of the last convolution or linear layer in declaration order (the last child first, depth first):
        /// not <c>named_modules()</c>' last, as TorchSharp lists every child before any grandchild.
        /// </summary>
        static string? LastDeclared(nn.Module module, string path)
        {
            foreach (var (name, child) in module.named_children().Reverse())
                if (LastDeclared(child, path.Length == 0 ? name : path + "." + name) is string found) return found;
            return Weight(module) is not null && path.Length > 0 ? path : null;
        }

        static void Initialise(Tensor weight, InitRule rule, double std)
        {
            switch (rule)
            {
                case InitRule.KaimingNormalFanOut: nn.init.kaiming_normal_(weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU); break;
                case InitRule.KaimingNormalFanIn: nn.init.kaiming_normal_(weight, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU); break;
                case InitRule.KaimingUniformFanIn: nn.init.kaiming_uniform_(weight, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU); break;
                case InitRule.UniformFanOut:
                    double range = 1.0 / Math.Sqrt(weight.shape[0]);
                    nn.init.uniform_(weight, -range, range);
                    break;
                case InitRule.Normal: nn.init.normal_(weight, 0, std); break;
                case InitRule.TruncatedNormal: TruncatedNormal(weight, std, -2, 2); break;
                case InitRule.Zeros: nn.init.zeros_(weight); break;
                case InitRule.Bilinear: Bilinear(weight); break;
            }
        }

        /// <summary>
        /// Channel i to channel i through the separable kernel (1 - |x - centre| / f) per axis, f = ⌈k / 2⌉ (FCN's
        /// upsampling filler); the weight's first two axes are channels ([in, out] or [out, in]), the rest the kernel.
        /// </summary>
        static void Bilinear(Tensor weight)
        {
            nn.init.zeros_(weight);
            Tensor? kernel = null;
            for (int axis = 2; axis < weight.dim(); axis++)
            {
                long k = weight.shape[axis];
                double factor = (k + 1) / 2, centre = k % 2 == 1 ? factor - 1 : factor - 0.5;
                using var held = new ScalarScope();
                var line = arange(held[k], float64).sub(held[centre]).abs().div(held[-factor]).add(Scalars.One, Scalars.One);   // 1 − |i − centre| / factor
                var shape = Enumerable.Repeat(1L, (int)weight.dim() - 2).ToArray();
                shape[axis - 2] = k;
                line = line.reshape(shape);
                kernel = kernel is null ? line : kernel.mul(line);
            }
            if (kernel is null) return;
            long channels = Math.Min(weight.shape[0], weight.shape[1]);
            for (long c = 0; c < channels; c++) weight[c, c].copy_(kernel.to(weight.dtype));
        }

        /// <summary>PyTorch's <c>trunc_normal_</c> (inverse CDF of a uniform draw between the bounds' CDFs), written out here.</summary>
        static void TruncatedNormal(Tensor weight, double std, double low, double high)
        {
            static double Cdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;
            double l = Cdf(low / std), u = Cdf(high / std);
            nn.init.uniform_(weight, 2 * l - 1, 2 * u - 1);
            using var held = new ScalarScope();
            weight.erfinv_().mul_(held[std * Math.Sqrt(2)]).clamp_(held[low], held[high]);
        }

        /// <summary>The error function (Abramowitz and Stegun 7.1.26, |error| below 1.5e-7: only the bounds' CDFs use it).</summary>
        static double Erf(double x)
        {
            double t = 1 / (1 + 0.3275911 * Math.Abs(x));
            double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
            return x >= 0 ? y : -y;
        }

        static Tensor? Weight(nn.Module m) => m switch
        {
            Conv2d c => c.weight,
            ConvTranspose2d t => t.weight,
            Conv1d c => c.weight,
            ConvTranspose1d t => t.weight,
            Linear l => l.weight,
            _ => null,
        };

        static Tensor? Bias(nn.Module m) => m switch
        {
            Conv2d c => c.bias,
            ConvTranspose2d t => t.bias,
            Conv1d c => c.bias,
            ConvTranspose1d t => t.bias,
            Linear l => l.bias,
            _ => null,
        };
    }
}
