using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[BatchNorm]: checked by <see cref="BatchNormKind"/>; a BatchNorm1d on a CxL map, a BatchNorm2d on a CxHxW map.</summary>
        public static BatchNorm BatchNorm(BuildContext ctx, string name, ref TensorShape shape, BatchNormArgs a)
        {
            if (!shape.Is1d) return BatchNorm2d(ctx, name, ref shape, a);
            shape = ctx.Apply(name, BatchNormKind.Instance, shape, a);
            var bn = nn.BatchNorm1d(shape.C, a.Eps, a.Momentum);
            BatchNormGuard.Register(bn, ctx.PathOf(name));
            return bn;
        }

        /// <summary>[BatchNorm] on a CxHxW map: checked by <see cref="BatchNormKind"/> (<see cref="BatchNorm"/> takes a CxL map too).</summary>
        public static BatchNorm2d BatchNorm2d(BuildContext ctx, string name, ref TensorShape shape, BatchNormArgs a)
        {
            Require2d(ctx, name, shape, "BatchNorm2d", "BatchNorm");
            shape = ctx.Apply(name, BatchNormKind.Instance, shape, a);
            var bn = nn.BatchNorm2d(shape.C, a.Eps, a.Momentum);
            // TorchSharp normalises a single value per channel to zeros where PyTorch refuses it: refuse it too (see Compute.BatchNorm).
            BatchNormGuard.Register(bn, ctx.PathOf(name));
            return bn;
        }
    }
}
