using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Modules
{
    /// <summary>Parameter-free modules over axes and samples: permute, and torchvision's row-mode stochastic depth.</summary>
    public static class AxisOps
    {
        /// <summary>
        /// torchvision.ops.stochastic_depth(x, p, "row", training): each sample kept with probability 1 - p and scaled by
        /// 1 / (1 - p) in training; the input itself in eval or when p is 0.
        /// </summary>
        public static Tensor DropRows(Tensor x, double p, bool training)
        {
            if (!training || p == 0) return x;
            double survival = 1 - p;
            var shape = new long[x.dim()];
            shape[0] = x.shape[0];
            for (int i = 1; i < shape.Length; i++) shape[i] = 1;
            var noise = empty(shape, x.dtype, x.device).bernoulli_(survival);
            if (survival > 0) noise.div_(survival);
            return x * noise;
        }

        /// <summary>[Permute] as a module (no state).</summary>
        public sealed class Permute : nn.Module<Tensor, Tensor>
        {
            readonly long[] order;
            /// <summary>A permute to the axis order <paramref name="dims"/>.</summary>
            public Permute(params int[] dims) : base("Permute") { order = System.Array.ConvertAll(dims, d => (long)d); }
            /// <summary>The input with its axes reordered.</summary>
            public override Tensor forward(Tensor x) => x.permute(order);
        }

        /// <summary>
        /// Each sample of <paramref name="x"/> viewed as <paramref name="dims"/> (one may be -1), the batch axis kept:
        /// PyTorch's <c>x.reshape(x.size(0), *dims)</c> (a view where the strides allow, else a copy).
        /// </summary>
        public static Tensor ReshapeSamples(Tensor x, long[] dims)
        {
            var shape = new long[dims.Length + 1];
            shape[0] = x.shape[0];
            System.Array.Copy(dims, 0, shape, 1, dims.Length);
            return x.reshape(shape);
        }

        /// <summary>[Reshape] as a module (no state).</summary>
        public sealed class Reshape : nn.Module<Tensor, Tensor>
        {
            readonly long[] dims;
            /// <summary>A reshape of each sample to <paramref name="dims"/> (the batch axis kept).</summary>
            public Reshape(long[] dims) : base("Reshape") { this.dims = dims; }
            /// <summary>The input with each sample reshaped.</summary>
            public override Tensor forward(Tensor x) => ReshapeSamples(x, dims);
        }

        /// <summary>[StochasticDepth] as a module (no state): the identity in eval.</summary>
        public sealed class StochasticDepth : nn.Module<Tensor, Tensor>
        {
            readonly double p;
            /// <summary>Stochastic depth dropping a sample with probability <paramref name="p"/> in training.</summary>
            public StochasticDepth(double p) : base("StochasticDepth") { this.p = p; }
            /// <summary>The input, with whole samples dropped (and the rest rescaled) in training only.</summary>
            public override Tensor forward(Tensor x) => DropRows(x, p, training);
        }
    }
}
