using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[MaxPool]: checked by <see cref="MaxPoolKind"/>.</summary>
        public static MaxPool2d MaxPool2d(BuildContext ctx, string name, ref TensorShape shape, MaxPoolArgs a)
        {
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
            a.IsRectangular
                ? nn.functional.max_pool2d(x, new long[] { a.Kernel, a.KernelWidth }, new long[] { a.StrideOrKernel, a.StrideWidth }, new long[] { a.Padding, a.PaddingWidth }, ceil_mode: a.CeilMode)
                : nn.functional.max_pool2d(x, a.Kernel, a.StrideOrKernel, a.Padding, ceil_mode: a.CeilMode);
    }
}
