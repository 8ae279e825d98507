using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Split]: checked by <see cref="SplitKind"/>.</summary>
        public static nn.Module<Tensor, Tensor> ChannelSplit(BuildContext ctx, string name, ref TensorShape shape, SplitArgs a)
        {
            shape = ctx.Apply(name, SplitKind.Instance, shape, a);
            return new Modules.ChannelOps.Part(a.Parts, a.Index);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to stochastic depth only).</summary>
        public static Tensor Apply(Tensor x, SplitArgs a, bool training, bool inplace) => Modules.ChannelOps.PartOf(x, a.Parts, a.Index);
    }
}
