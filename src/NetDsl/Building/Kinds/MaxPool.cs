using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[MaxPool]: checked by <see cref="MaxPoolKind"/>; a MaxPool1d on a CxL map, a MaxPool2d on a CxHxW map.</summary>
        public static nn.Module<Tensor, Tensor> MaxPool(BuildContext ctx, string name, ref TensorShape shape, MaxPoolArgs a)
        {
            if (!shape.Is1d) return MaxPool2d(ctx, name, ref shape, a);
            shape = ctx.Apply(name, MaxPoolKind.Instance, shape, a);
            return nn.MaxPool1d(a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode);
        }

        /// <summary>[MaxPool] on a CxHxW map: checked by <see cref="MaxPoolKind"/> (<see cref="MaxPool"/> takes a CxL map too).</summary>
        public static MaxPool2d MaxPool2d(BuildContext ctx, string name, ref TensorShape shape, MaxPoolArgs a)
        {
            Require2d(ctx, name, shape, "MaxPool2d", "MaxPool");
            shape = ctx.Apply(name, MaxPoolKind.Instance, shape, a);
            if (a.IsRectangular)
                return nn.MaxPool2d(new long[] { a.Kernel, a.KernelWidth }, new long[] { a.StrideOrKernel, a.StrideWidth }, new long[] { a.Padding, a.PaddingWidth }, ceil_mode: a.CeilMode);
            return nn.MaxPool2d(a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, MaxPoolArgs a, bool training, bool inplace) =>
            x.dim() == 3 ? nn.functional.max_pool1d(x, a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode)
            : a.IsRectangular
                ? nn.functional.max_pool2d(x, new long[] { a.Kernel, a.KernelWidth }, new long[] { a.StrideOrKernel, a.StrideWidth }, new long[] { a.Padding, a.PaddingWidth }, ceil_mode: a.CeilMode)
                : nn.functional.max_pool2d(x, a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode);
    }
}
