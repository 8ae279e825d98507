using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Modules
{
    /// <summary>Parameter-free channel operations TorchSharp has no module for in the form the DSL needs: shuffle and one part of a split.</summary>
    public static class ChannelOps
    {
        /// <summary>ShuffleNet's shuffle: N x (g·n) x … → view N x g x n x (positions), swap g and n, back to the input's shape (any rank).</summary>
        public static Tensor ShuffleChannels(Tensor x, int groups)
        {
            long n = x.shape[0], c = x.shape[1];
            return x.view(n, groups, c / groups, -1).transpose(1, 2).contiguous().view(x.shape);
        }

        /// <summary>Part <paramref name="index"/> of <paramref name="parts"/> equal channel parts (a view, as torch.chunk's).</summary>
        public static Tensor PartOf(Tensor x, int parts, int index)
        {
            long size = x.shape[1] / parts;
            return x.narrow(1, index * size, size);
        }

        /// <summary>[ChannelShuffle] as a module (no state).</summary>
        public sealed class Shuffle : nn.Module<Tensor, Tensor>
        {
            readonly int groups;
            /// <summary>A shuffle of the channels in <paramref name="groups"/> groups.</summary>
            public Shuffle(int groups) : base("ChannelShuffle") { this.groups = groups; }
            /// <summary>The input with its channels shuffled.</summary>
            public override Tensor forward(Tensor x) => ShuffleChannels(x, groups);
        }

        /// <summary>[Split] as a module (no state).</summary>
        public sealed class Part : nn.Module<Tensor, Tensor>
        {
            readonly int parts, index;
            /// <summary>Part <paramref name="index"/> of the channels cut into <paramref name="parts"/>.</summary>
            public Part(int parts, int index) : base("ChannelSplit") { this.parts = parts; this.index = index; }
            /// <summary>The chosen part of the input's channels.</summary>
            public override Tensor forward(Tensor x) => PartOf(x, parts, index);
        }
    }
}
