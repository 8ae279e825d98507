using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Modules
{
    /// <summary>Parameter-free modules over axes and samples: permute, and torchvision's stochastic depth (row and batch modes).</summary>
    public static class AxisOps
    {
        /// <summary>
        /// torchvision.ops.stochastic_depth(x, p, "row", training): each sample kept with probability 1 - p and scaled by
        /// 1 / (1 - p) in training; the input itself in eval or when p is 0.
        /// </summary>
        public static Tensor DropRows(Tensor x, double p, bool training) => Drop(x, p, StochasticDepthArgs.RowMode, training);

        /// <summary>
        /// torchvision.ops.stochastic_depth(x, p, mode, training): in training a Bernoulli(1 - p) draw per sample ("row") or one
        /// for the whole batch ("batch") multiplies the input, divided by 1 - p when 1 - p &gt; 0 (p = 1 gives zeros); the input
        /// itself in eval or when p is 0. A p outside [0, 1] or another mode throws, as torchvision raises.
        /// </summary>
        public static Tensor Drop(Tensor x, double p, string mode, bool training)
        {
            if (p < 0 || p > 1) throw new System.ArgumentOutOfRangeException(nameof(p), p, "drop probability has to be between 0 and 1");
            bool row = mode == StochasticDepthArgs.RowMode;
            if (!row && mode != StochasticDepthArgs.BatchMode) throw new System.ArgumentException($"mode has to be \"row\" or \"batch\", got \"{mode}\"", nameof(mode));
            if (!training || p == 0) return x;
            double survival = 1 - p;
            var shape = new long[x.dim()];
            for (int i = 0; i < shape.Length; i++) shape[i] = 1;
            if (row) shape[0] = x.shape[0];
            var noise = empty(shape, x.dtype, x.device).bernoulli_(survival);
            using var held = new ScalarScope();
            if (survival > 0) noise.div_(held[survival]);
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
            readonly string mode;
            /// <summary>Stochastic depth dropping a sample (<paramref name="mode"/> "row") or the batch ("batch") with probability <paramref name="p"/> in training.</summary>
            public StochasticDepth(double p, string mode = StochasticDepthArgs.RowMode) : base("StochasticDepth") { this.p = p; this.mode = mode; }
            /// <summary>The input, with whole samples (or the whole batch) dropped and the rest rescaled, in training only.</summary>
            public override Tensor forward(Tensor x) => Drop(x, p, mode, training);
        }
    }
}
