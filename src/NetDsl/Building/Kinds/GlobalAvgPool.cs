using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[GlobalAvgPool]: an AdaptiveAvgPool2d(1) module, checked by <see cref="GlobalAvgPoolKind"/>.</summary>
        public static AdaptiveAvgPool2d GlobalAvgPool(BuildContext ctx, string name, ref TensorShape shape, GlobalAvgPoolArgs a)
        {
            shape = ctx.Apply(name, GlobalAvgPoolKind.Instance, shape, a);
            return nn.AdaptiveAvgPool2d(1);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, GlobalAvgPoolArgs a, bool training, bool inplace) => nn.functional.adaptive_avg_pool2d(x, 1);
    }
}
