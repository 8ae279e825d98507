using System.Collections.Generic;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[SqueezeExcite] on a block's output (keeps its shape): the two convolutions of <see cref="SqueezeExcitePlan"/>.</summary>
        public static SqueezeExcite SqueezeExcite(BuildContext ctx, string name, ref TensorShape shape, int reduction)
        {
            string path = ctx.PathOf(name);
            BuildContext.Check(SqueezeExcitePlan.Check(path, shape, reduction, out var fc1, out var fc2));
            ctx.Apply(path + ".fc1", "Conv2d", fc1);
            ctx.Apply(path + ".fc2", "Conv2d", fc2);
            // One graph node for the whole gate: torchvision's SqueezeExcitation with ReLU and a sigmoid (the module below).
            ctx.Record(path, SqueezeExcitationKind.Instance, new SqueezeExcitationArgs { Squeeze = fc1.Output.C }, shape, shape);
            return new SqueezeExcite(shape.C, fc1.Output.C);
        }
    }
}
