using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[LeakyReLU]: keeps the shape.</summary>
        public static LeakyReLU LeakyReLU(BuildContext ctx, string name, ref TensorShape shape, LeakyReLUArgs a, bool inplace = false)
        {
            shape = ctx.Apply(name, LeakyReLUKind.Instance, shape, a);
            return nn.LeakyReLU(a.Slope, inplace);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, LeakyReLUArgs a, bool training, bool inplace) => nn.functional.leaky_relu(x, a.Slope, inplace);
    }
}
