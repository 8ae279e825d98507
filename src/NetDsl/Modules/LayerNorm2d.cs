using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Modules
{
    /// <summary>
    /// torchvision's LayerNorm2d (ConvNeXt): LayerNorm over the channels at each position of N x C x H x W, with
    /// parameters <c>weight</c> and <c>bias</c> of C (ones and zeros), as PyTorch's LayerNorm names them.
    /// </summary>
    public sealed class LayerNorm2d : nn.Module<Tensor, Tensor>
    {
        readonly long[] normalized;
        readonly double eps;
#pragma warning disable IDE0044 // registered parameters are fields the module system reads by reflection
        Parameter weight;
        Parameter bias;
#pragma warning restore IDE0044

        /// <summary>LayerNorm over <paramref name="channels"/> channels at each position, weight 1 and bias 0.</summary>
        public LayerNorm2d(int channels, double eps) : base("LayerNorm2d")
        {
            normalized = new long[] { channels };
            this.eps = eps;
            weight = new Parameter(ones(channels));
            bias = new Parameter(zeros(channels));
            RegisterComponents();
        }

        /// <summary>The N x C x H x W input normalised over C at each position.</summary>
        public override Tensor forward(Tensor x) =>
            nn.functional.layer_norm(x.permute(0, 2, 3, 1), normalized, weight, bias, eps).permute(0, 3, 1, 2);
    }
}
