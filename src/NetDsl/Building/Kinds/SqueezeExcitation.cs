using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[SqueezeExcitation]: checked by <see cref="SqueezeExcitationKind"/>.</summary>
        public static SqueezeExcite SqueezeExcitation(BuildContext ctx, string name, ref TensorShape shape, SqueezeExcitationArgs a)
        {
            shape = ctx.Apply(name, SqueezeExcitationKind.Instance, shape, a);
            return new SqueezeExcite(shape.C, a.Squeeze, a.Act, a.Gate);
        }
    }
}
