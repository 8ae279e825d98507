using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[LRN]: checked by <see cref="LocalResponseNormKind"/>.</summary>
        public static LocalResponseNorm LocalResponseNorm(BuildContext ctx, string name, ref TensorShape shape, LocalResponseNormArgs a)
        {
            shape = ctx.Apply(name, LocalResponseNormKind.Instance, shape, a);
            return nn.LocalResponseNorm(a.Size, a.Alpha, a.Beta, a.K);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, LocalResponseNormArgs a, bool training, bool inplace) =>
            nn.functional.local_response_norm(x, a.Size, a.Alpha, a.Beta, a.K);
    }
}
