using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Upsample]: checked by <see cref="UpsampleKind"/>.</summary>
        public static Resampling.UpsampleModule Upsample(BuildContext ctx, string name, ref TensorShape shape, UpsampleArgs a)
        {
            shape = ctx.Apply(name, UpsampleKind.Instance, shape, a);
            return new Resampling.UpsampleModule(a.Scale, a.Height, a.Width, a.Mode, a.AlignCorners);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, UpsampleArgs a, bool training, bool inplace) =>
            Resampling.Upsample(x, a.Scale, a.Height, a.Width, a.Mode, a.AlignCorners);
    }
}
