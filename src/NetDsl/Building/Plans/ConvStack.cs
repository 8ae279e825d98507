using System.Collections.Generic;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[ConvStack]: the layers of <see cref="ConvStackPlan"/> in a Sequential.</summary>
        public static Sequential ConvStack(BuildContext ctx, string name, ref TensorShape shape, ConvStackArgs a)
        {
            BuildContext.Check(ConvStackPlan.Steps(ctx.PathOf(name), a, out var steps));
            return nn.Sequential(Build(ctx.Child(name), steps, ref shape).ToArray());
        }
    }
}
