using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[StochasticDepth]: checked by <see cref="StochasticDepthKind"/>.</summary>
        public static nn.Module<Tensor, Tensor> StochasticDepth(BuildContext ctx, string name, ref TensorShape shape, StochasticDepthArgs a)
        {
            shape = ctx.Apply(name, StochasticDepthKind.Instance, shape, a);
            return new Modules.AxisOps.StochasticDepth(a.P, a.Mode);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to stochastic depth only).</summary>
        public static Tensor Apply(Tensor x, StochasticDepthArgs a, bool training, bool inplace) => Modules.AxisOps.Drop(x, a.P, a.Mode, training);
    }
}
