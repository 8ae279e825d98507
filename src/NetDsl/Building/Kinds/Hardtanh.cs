using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Hardtanh]: keeps the shape.</summary>
        public static nn.Module<Tensor, Tensor> Hardtanh(BuildContext ctx, string name, ref TensorShape shape, HardtanhArgs a, bool inplace = false)
        {
            shape = ctx.Apply(name, HardtanhKind.Instance, shape, a);
            return new Modules.Hardtanh(a.Min, a.Max, inplace);
        }
    }

    public static partial class Functional
    {
        /// <summary>The layer kind's functional form, for generated forward code (<paramref name="training"/> matters to dropout only).</summary>
        public static Tensor Apply(Tensor x, HardtanhArgs a, bool training, bool inplace) => Modules.Hardtanh.Clamp(x, a.Min, a.Max, inplace);
    }

    namespace Modules
    {
        /// <summary>
        /// [Hardtanh] as a module (no state): the input clamped to [min, max]. A clamp rather than TorchSharp 0.107's
        /// nn.Hardtanh and functional.hardtanh, which leave values above max unclamped.
        /// </summary>
        public sealed class Hardtanh : nn.Module<Tensor, Tensor>
        {
            readonly double min, max;
            readonly bool inplace;

            /// <summary>Clamps to [<paramref name="min"/>, <paramref name="max"/>], overwriting the input when <paramref name="inplace"/>.</summary>
            public Hardtanh(double min, double max, bool inplace = false) : base("Hardtanh") { this.min = min; this.max = max; this.inplace = inplace; }

            /// <summary>The input clamped.</summary>
            public override Tensor forward(Tensor x) => Clamp(x, min, max, inplace);

            /// <summary><paramref name="x"/> clamped to [<paramref name="min"/>, <paramref name="max"/>] (in place when <paramref name="inplace"/>).</summary>
            public static Tensor Clamp(Tensor x, double min, double max, bool inplace)
            {
                using var held = new ScalarScope();
                return inplace ? x.clamp_(held[min], held[max]) : x.clamp(held[min], held[max]);
            }
        }
    }
}
