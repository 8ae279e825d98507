using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[AdaptiveMaxPool]: checked by <see cref="AdaptiveMaxPoolKind"/>; an AdaptiveMaxPool1d (to the one size) on a CxL map.</summary>
        public static nn.Module<Tensor, Tensor> AdaptiveMaxPool(BuildContext ctx, string name, ref TensorShape shape, AdaptiveMaxPoolArgs a)
        {
            if (!shape.Is1d) return AdaptiveMaxPool2d(ctx, name, ref shape, a);
            shape = ctx.Apply(name, AdaptiveMaxPoolKind.Instance, shape, a);
            return nn.AdaptiveMaxPool1d(a.Width);
        }

        /// <summary>[AdaptiveMaxPool] on a CxHxW map: checked by <see cref="AdaptiveMaxPoolKind"/> (<see cref="AdaptiveMaxPool"/> takes a CxL map too).</summary>
        public static AdaptiveMaxPool2d AdaptiveMaxPool2d(BuildContext ctx, string name, ref TensorShape shape, AdaptiveMaxPoolArgs a)
        {
            Require2d(ctx, name, shape, "AdaptiveMaxPool2d", "AdaptiveMaxPool");
            shape = ctx.Apply(name, AdaptiveMaxPoolKind.Instance, shape, a);
            return nn.AdaptiveMaxPool2d(new long[] { a.Height, a.Width });
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, AdaptiveMaxPoolArgs a, bool training, bool inplace) =>
            x.dim() == 3 ? nn.functional.adaptive_max_pool1d(x, a.Width) : nn.functional.adaptive_max_pool2d(x, new long[] { a.Height, a.Width });
    }
}
