using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Dropout]: checked by <see cref="DropoutKind"/>.</summary>
        public static Dropout Dropout(BuildContext ctx, string name, ref TensorShape shape, DropoutArgs a)
        {
            shape = ctx.Apply(name, DropoutKind.Instance, shape, a);
            return nn.Dropout(a.P);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, DropoutArgs a, bool training, bool inplace) => nn.functional.dropout(x, a.P, training);
    }
}
