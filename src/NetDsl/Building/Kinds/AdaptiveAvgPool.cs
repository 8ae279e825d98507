using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[AdaptiveAvgPool]: checked by <see cref="AdaptiveAvgPoolKind"/>.</summary>
        public static AdaptiveAvgPool2d AdaptiveAvgPool2d(BuildContext ctx, string name, ref TensorShape shape, AdaptiveAvgPoolArgs a)
        {
            shape = ctx.Apply(name, AdaptiveAvgPoolKind.Instance, shape, a);
            return nn.AdaptiveAvgPool2d(new long[] { a.Height, a.Width });
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, AdaptiveAvgPoolArgs a, bool training, bool inplace) =>
            nn.functional.adaptive_avg_pool2d(x, new long[] { a.Height, a.Width });
    }
}
