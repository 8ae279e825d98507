using System.Collections.Concurrent;
using NetDsl.Shapes;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Reshape]: checked by <see cref="ReshapeKind"/>; the module reshapes to the checked output's sizes.</summary>
        public static nn.Module<Tensor, Tensor> Reshape(BuildContext ctx, string name, ref TensorShape shape, ReshapeArgs a)
        {
            shape = ctx.Apply(name, ReshapeKind.Instance, shape, a);
            return new Modules.AxisOps.Reshape(System.Array.ConvertAll(shape.ToArray(), d => (long)d));
        }
    }

    public static partial class Functional
    {
        static readonly ConcurrentDictionary<string, long[]> reshapes = new ConcurrentDictionary<string, long[]>();

        /// <summary>The layer kind's functional form, for generated forward code: each sample reshaped (torch infers a -1).</summary>
        public static Tensor Apply(Tensor x, ReshapeArgs a, bool training, bool inplace) =>
            Modules.AxisOps.ReshapeSamples(x, reshapes.GetOrAdd(a.Shape, text =>
                System.Array.ConvertAll(ReshapeKind.Parse(text, out _) ?? throw new System.ArgumentException($"Reshape \"{text}\" is not a shape", nameof(a)), d => (long)d)));
    }
}
