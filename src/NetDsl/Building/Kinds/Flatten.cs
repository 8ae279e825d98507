using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Flatten]: checked by <see cref="FlattenKind"/>.</summary>
        public static Flatten Flatten(BuildContext ctx, string name, ref TensorShape shape, FlattenArgs a)
        {
            shape = ctx.Apply(name, FlattenKind.Instance, shape, a);
            return nn.Flatten();
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, FlattenArgs a, bool training, bool inplace) => x.flatten(1);
    }
}
