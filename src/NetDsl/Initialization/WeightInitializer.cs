using System;
using System.Linq;
using System.Reflection;
using TorchSharp.Modules;
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
            var layers = network.modules().Where(m => Weight(m) is not null).ToList();
            using var _ = no_grad();
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                bool linear = layer is Linear;
                var (rule, std) = i == layers.Count - 1 && rules.Head != InitRule.Default ? (rules.Head, rules.HeadStd)
                                : linear ? (rules.Linear, rules.LinearStd) : (rules.Conv, rules.ConvStd);
                if (rule == InitRule.Default) continue;
                Initialise(Weight(layer)!, rule, std);
                if (rules.ZeroBias && Bias(layer) is Tensor bias) nn.init.zeros_(bias);
            }
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
                case InitRule.TruncatedNormal: TruncatedNormal(weight, 0, std, -2, 2); break;
            }
        }

        /// <summary>
        /// PyTorch's trunc_normal_ (inverse-CDF sampling of N(mean, std²) restricted to [a, b]). Not TorchSharp 0.107's
        /// nn.init.trunc_normal_, whose samples come out with a std near 1e-9 for std = 0.01.
        /// </summary>
        static void TruncatedNormal(Tensor weight, double mean, double std, double a, double b)
        {
            using var _ = no_grad();
            using var bounds = tensor(new[] { (a - mean) / std / Math.Sqrt(2), (b - mean) / std / Math.Sqrt(2) }, ScalarType.Float64);
            using var erf = special.erf(bounds);
            double lower = erf[0].item<double>(), upper = erf[1].item<double>();   // 2·cdf − 1 at each bound
            weight.uniform_(lower, upper);
            weight.erfinv_();
            weight.mul_(std * Math.Sqrt(2)).add_(mean);
            weight.clamp_(a, b);
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
