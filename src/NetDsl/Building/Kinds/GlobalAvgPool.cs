using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[GlobalAvgPool]: an AdaptiveAvgPool2d(1) module (AdaptiveAvgPool1d(1) on a CxL map), checked by <see cref="GlobalAvgPoolKind"/>.</summary>
        public static nn.Module<Tensor, Tensor> GlobalAvgPool(BuildContext ctx, string name, ref TensorShape shape, GlobalAvgPoolArgs a)
        {
            bool oneD = shape.Is1d;
            shape = ctx.Apply(name, GlobalAvgPoolKind.Instance, shape, a);
            return oneD ? nn.AdaptiveAvgPool1d(1) : nn.AdaptiveAvgPool2d(1);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, GlobalAvgPoolArgs a, bool training, bool inplace) =>
            x.dim() == 3 ? nn.functional.adaptive_avg_pool1d(x, 1) : nn.functional.adaptive_avg_pool2d(x, 1);
    }
}
