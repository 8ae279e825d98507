using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Dropout2d]: checked by <see cref="Dropout2dKind"/>.</summary>
        public static Dropout2d Dropout2d(BuildContext ctx, string name, ref TensorShape shape, Dropout2dArgs a)
        {
            shape = ctx.Apply(name, Dropout2dKind.Instance, shape, a);
            return nn.Dropout2d(a.P);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, Dropout2dArgs a, bool training, bool inplace) => nn.functional.dropout2d(x, a.P, training);
    }
}
