using System.Collections.Generic;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>Creates one block instance: <paramref name="index"/> is its position in a Repeat.</summary>
        public delegate nn.Module<Tensor, Tensor> BlockFactory(BuildContext ctx, int index, ref TensorShape shape);

        /// <summary>[Repeat]: <c>Count</c> block instances in a Sequential, named by <see cref="RepeatPlan.InstanceName"/>.</summary>
        public static Sequential Repeat(BuildContext ctx, string name, ref TensorShape shape, RepeatArgs a, string blockName, BlockFactory create)
        {
            BuildContext.Check(StructureRules.RepeatCount(ctx.PathOf(name), blockName, a.Count)
                ?? StructureRules.RepeatTotal(ctx.PathOf(name), blockName, a.Count, ctx.Repeated));
            var child = ctx.RepeatChild(name, a.Count);
            var blocks = new (string, nn.Module<Tensor, Tensor>)[a.Count];
            for (int i = 0; i < a.Count; i++)
            {
                string index = RepeatPlan.InstanceName(a.Prefix, a.Start, i);
                blocks[i] = (index, create(child.Child(index), i, ref shape));
            }
            return nn.Sequential(blocks);
        }
    }
}
