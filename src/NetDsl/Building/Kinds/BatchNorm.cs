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
            return nn.BatchNorm2d(shape.C, a.Eps, a.Momentum);
        }
    }
}
