using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[AdaptiveAvgPool]: checked by <see cref="AdaptiveAvgPoolKind"/>; an AdaptiveAvgPool1d (to the one size) on a CxL map.</summary>
        public static nn.Module<Tensor, Tensor> AdaptiveAvgPool(BuildContext ctx, string name, ref TensorShape shape, AdaptiveAvgPoolArgs a)
        {
            if (!shape.Is1d) return AdaptiveAvgPool2d(ctx, name, ref shape, a);
            shape = ctx.Apply(name, AdaptiveAvgPoolKind.Instance, shape, a);
            return nn.AdaptiveAvgPool1d(a.Width);
        }

        /// <summary>[AdaptiveAvgPool] on a CxHxW map: checked by <see cref="AdaptiveAvgPoolKind"/> (<see cref="AdaptiveAvgPool"/> takes a CxL map too).</summary>
        public static AdaptiveAvgPool2d AdaptiveAvgPool2d(BuildContext ctx, string name, ref TensorShape shape, AdaptiveAvgPoolArgs a)
        {
            Require2d(ctx, name, shape, "AdaptiveAvgPool2d", "AdaptiveAvgPool");
            shape = ctx.Apply(name, AdaptiveAvgPoolKind.Instance, shape, a);
            return nn.AdaptiveAvgPool2d(new long[] { a.Height, a.Width });
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, AdaptiveAvgPoolArgs a, bool training, bool inplace) =>
            x.dim() == 3 ? nn.functional.adaptive_avg_pool1d(x, a.Width) : nn.functional.adaptive_avg_pool2d(x, new long[] { a.Height, a.Width });
    }
}
