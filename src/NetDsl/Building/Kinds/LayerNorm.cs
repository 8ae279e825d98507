using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[LayerNorm]: checked by <see cref="LayerNormKind"/>.</summary>
        public static LayerNorm LayerNorm(BuildContext ctx, string name, ref TensorShape shape, LayerNormArgs a)
        {
            int size = LayerNormKind.LastAxis(shape);
            shape = ctx.Apply(name, LayerNormKind.Instance, shape, a);
            return nn.LayerNorm(size, a.Eps);
        }
    }
}
