using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[BatchNorm]: checked by <see cref="BatchNormKind"/>.</summary>
        public static BatchNorm2d BatchNorm2d(BuildContext ctx, string name, ref TensorShape shape, BatchNormArgs a)
        {
            shape = ctx.Apply(name, BatchNormKind.Instance, shape, a);
            var bn = nn.BatchNorm2d(shape.C, a.Eps, a.Momentum);
            // TorchSharp normalises a single value per channel to zeros where PyTorch refuses it: refuse it too (see Compute.BatchNorm).
            BatchNormGuard.Register(bn, ctx.PathOf(name));
            return bn;
        }
    }
}
