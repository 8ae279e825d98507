using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[ChannelAffine]: checked by <see cref="ChannelAffineKind"/>.</summary>
        public static nn.Module<Tensor, Tensor> ChannelAffine(BuildContext ctx, string name, ref TensorShape shape, ChannelAffineArgs a)
        {
            shape = ctx.Apply(name, ChannelAffineKind.Instance, shape, a);
            return new Modules.ChannelAffine(a.Scales(shape.C), a.Shifts(shape.C), a.Enabled);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, ChannelAffineArgs a, bool training, bool inplace)
        {
            if (!a.Enabled) return x;
            int channels = (int)x.shape[1];
            return Modules.ChannelAffine.Apply(x, a.Scales(channels), a.Shifts(channels));
        }
    }

    namespace Modules
    {
        /// <summary>
        /// [ChannelAffine] as a module: <c>y[:, c] = x[:, c] · scale[c] + shift[c]</c> with fixed numbers (no parameters, no
        /// buffers: nothing in the state dict), the identity when disabled. torchvision's Inception v3 <c>transform_input</c>.
        /// </summary>
        public sealed class ChannelAffine : nn.Module<Tensor, Tensor>
        {
            readonly double[] scale, shift;
            readonly bool enabled;

            /// <summary>The map with one <paramref name="scale"/> and <paramref name="shift"/> per channel; the identity unless <paramref name="enabled"/>.</summary>
            public ChannelAffine(double[] scale, double[] shift, bool enabled = true) : base("ChannelAffine")
            {
                this.scale = (double[])scale.Clone();
                this.shift = (double[])shift.Clone();
                this.enabled = enabled;
            }

            /// <summary>Whether the map is applied (false: the identity).</summary>
            public bool Enabled => enabled;

            /// <summary>The input scaled and shifted per channel (axis 1).</summary>
            public override Tensor forward(Tensor x) => enabled ? Apply(x, scale, shift) : x;

            /// <summary><paramref name="x"/> (N x C x …) times <paramref name="scale"/>[c] plus <paramref name="shift"/>[c] on each channel c, in x's type and device.</summary>
            public static Tensor Apply(Tensor x, double[] scale, double[] shift)
            {
                var shape = new long[x.dim()];
                for (int i = 0; i < shape.Length; i++) shape[i] = 1;
                shape[1] = scale.Length;
                using var s = Constant(scale, shape, x);
                using var b = Constant(shift, shape, x);
                return x.mul(s).add_(b, Scalars.One);
            }

            static Tensor Constant(double[] values, long[] shape, Tensor like)
            {
                var floats = System.Array.ConvertAll(values, v => (float)v);
                return tensor(floats, shape, dtype: like.dtype, device: like.device);
            }
        }
    }
}
