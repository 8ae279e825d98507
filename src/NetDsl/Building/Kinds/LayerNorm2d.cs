using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[LayerNorm2d]: checked by <see cref="LayerNorm2dKind"/>.</summary>
        public static Modules.LayerNorm2d LayerNorm2d(BuildContext ctx, string name, ref TensorShape shape, LayerNorm2dArgs a)
        {
            int channels = shape.C;
            shape = ctx.Apply(name, LayerNorm2dKind.Instance, shape, a);
            return new Modules.LayerNorm2d(channels, a.Eps);
        }
    }
}
