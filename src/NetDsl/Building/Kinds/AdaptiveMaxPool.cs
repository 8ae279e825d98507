using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[AdaptiveMaxPool]: checked by <see cref="AdaptiveMaxPoolKind"/>.</summary>
        public static AdaptiveMaxPool2d AdaptiveMaxPool2d(BuildContext ctx, string name, ref TensorShape shape, AdaptiveMaxPoolArgs a)
        {
            shape = ctx.Apply(name, AdaptiveMaxPoolKind.Instance, shape, a);
            return nn.AdaptiveMaxPool2d(new long[] { a.Height, a.Width });
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, AdaptiveMaxPoolArgs a, bool training, bool inplace) =>
            nn.functional.adaptive_max_pool2d(x, new long[] { a.Height, a.Width });
    }
}
