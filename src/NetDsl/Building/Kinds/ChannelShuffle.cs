using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[ChannelShuffle]: checked by <see cref="ChannelShuffleKind"/>.</summary>
        public static nn.Module<Tensor, Tensor> ChannelShuffle(BuildContext ctx, string name, ref TensorShape shape, ChannelShuffleArgs a)
        {
            shape = ctx.Apply(name, ChannelShuffleKind.Instance, shape, a);
            return new Modules.ChannelOps.Shuffle(a.Groups);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to stochastic depth only).</summary>
        public static Tensor Apply(Tensor x, ChannelShuffleArgs a, bool training, bool inplace) => Modules.ChannelOps.ShuffleChannels(x, a.Groups);
    }
}
