using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Linear]: checked by <see cref="LinearKind"/>.</summary>
        public static Linear Linear(BuildContext ctx, string name, ref TensorShape shape, LinearArgs a)
        {
            int inFeatures = a.LastDim && shape.IsMap ? shape.W : shape.C;
            shape = ctx.Apply(name, LinearKind.Instance, shape, a);
            return nn.Linear(inFeatures, a.OutFeatures, hasBias: a.Bias);
        }
    }
}
