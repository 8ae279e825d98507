using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Permute]: checked by <see cref="PermuteKind"/>.</summary>
        public static nn.Module<Tensor, Tensor> Permute(BuildContext ctx, string name, ref TensorShape shape, PermuteArgs a)
        {
            shape = ctx.Apply(name, PermuteKind.Instance, shape, a);
            return new Modules.AxisOps.Permute(a.D0, a.D1, a.D2, a.D3);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to stochastic depth only).</summary>
        public static Tensor Apply(Tensor x, PermuteArgs a, bool training, bool inplace) => x.permute(a.D0, a.D1, a.D2, a.D3);
    }
}
