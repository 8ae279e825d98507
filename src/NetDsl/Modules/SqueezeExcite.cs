using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Squeeze-and-excitation: x · gate(fc2(act(fc1(avgpool(x))))), with fc1/fc2 as 1x1 convolutions with
    /// bias (the SENet reference layout; torchvision's SqueezeExcitation with SiLU or ReLU/Hardsigmoid).
    /// </summary>
    public sealed class SqueezeExcite : nn.Module<Tensor, Tensor>
    {
        readonly Conv2d fc1;
        readonly Conv2d fc2;

        readonly Act activation;
        readonly Act gate;

        /// <summary>Squeeze-excitation over <paramref name="channels"/> channels through <paramref name="squeezed"/>, with the given activation and gate.</summary>
        public SqueezeExcite(int channels, int squeezed, Act activation = Act.ReLU, Act gate = Act.Sigmoid) : base(nameof(SqueezeExcite))
        {
            this.activation = activation;
            this.gate = gate;
            fc1 = nn.Conv2d(channels, squeezed, 1);
            fc2 = nn.Conv2d(squeezed, channels, 1);
            register_module("fc1", fc1);
            register_module("fc2", fc2);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var s = nn.functional.adaptive_avg_pool2d(x, 1);
            s = Activations.Apply(activation, Compute.Conv2d(fc1, s), true);
            s = Activations.Apply(gate, Compute.Conv2d(fc2, s), true);
            return x.mul(s).MoveToOuterDisposeScope();
        }
    }
}
