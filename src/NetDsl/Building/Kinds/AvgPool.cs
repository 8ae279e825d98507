using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[AvgPool]: checked by <see cref="AvgPoolKind"/>; an AvgPool1d on a CxL map, an AvgPool2d on a CxHxW map.</summary>
        public static nn.Module<Tensor, Tensor> AvgPool(BuildContext ctx, string name, ref TensorShape shape, AvgPoolArgs a)
        {
            if (!shape.Is1d) return AvgPool2d(ctx, name, ref shape, a);
            shape = ctx.Apply(name, AvgPoolKind.Instance, shape, a);
            return nn.AvgPool1d(a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode);
        }

        /// <summary>[AvgPool] on a CxHxW map: checked by <see cref="AvgPoolKind"/> (<see cref="AvgPool"/> takes a CxL map too).</summary>
        public static AvgPool2d AvgPool2d(BuildContext ctx, string name, ref TensorShape shape, AvgPoolArgs a)
        {
            Require2d(ctx, name, shape, "AvgPool2d", "AvgPool");
            shape = ctx.Apply(name, AvgPoolKind.Instance, shape, a);
            if (a.IsRectangular)
                return nn.AvgPool2d(new long[] { a.Kernel, a.KernelWidth }, new long[] { a.StrideOrKernel, a.StrideWidth }, new long[] { a.Padding, a.PaddingWidth }, ceil_mode: a.CeilMode);
            return nn.AvgPool2d(a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, AvgPoolArgs a, bool training, bool inplace) =>
            x.dim() == 3 ? nn.functional.avg_pool1d(x, a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode)
            : a.IsRectangular
                ? nn.functional.avg_pool2d(x, new long[] { a.Kernel, a.KernelWidth }, new long[] { a.StrideOrKernel, a.StrideWidth }, new long[] { a.Padding, a.PaddingWidth }, ceil_mode: a.CeilMode)
                : nn.functional.avg_pool2d(x, a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode);
    }
}
