using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Activation] and [ReLU], [SiLU], …: a parameter-free activation module (in place where the caller knows it is safe).</summary>
        public static nn.Module<Tensor, Tensor> Activation(BuildContext ctx, string name, ref TensorShape shape, ActivationArgs a, bool inplace = false)
        {
            shape = ctx.Apply(name, ActivationKind.Any, shape, a);
            return Activations.Module(a.Kind, inplace);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, ActivationArgs a, bool training, bool inplace) => Activations.Apply(a.Kind, x, inplace);
    }
}
