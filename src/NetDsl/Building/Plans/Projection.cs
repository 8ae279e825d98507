using System.Collections.Generic;
using NetDsl.Graph;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>
        /// The shortcut of a residual block from <see cref="ProjectionPlan"/>: null when the body keeps the input's shape.
        /// Records the projection's layers on the block's input (<paramref name="inputValue"/>) and the residual add.
        /// </summary>
        public static Sequential? Projection(BuildContext ctx, string name, TensorShape input, GraphNode? inputValue, TensorShape body)
        {
            BuildContext.Check(ProjectionPlan.Steps(ctx.PathOf(name), input, body, out var steps));
            if (steps.Count == 0)
            {
                ctx.Record(ctx.Self, GraphOps.Add, new[] { ctx.Current, inputValue }, new[] { body, input }, body);
                return null;
            }
            var bodyValue = ctx.Current;
            ctx.Current = inputValue;
            var shape = input;
            var modules = Build(ctx.Child(name), steps, ref shape);
            BuildContext.Check(ProjectionPlan.Add(ctx.PathOf(name), body, shape));
            ctx.Record(ctx.Self, GraphOps.Add, new[] { bodyValue, ctx.Current }, new[] { body, shape }, body);
            return nn.Sequential(modules.ToArray());
        }

        /// <summary>Checks the add that closes a residual block without projection, and records it.</summary>
        public static void ResidualAdd(BuildContext ctx, TensorShape input, GraphNode? inputValue, TensorShape body)
        {
            BuildContext.Check(MergeRules.ResidualAdd(ctx.Self, body, input, projected: false));
            ctx.Record(ctx.Self, GraphOps.Add, new[] { ctx.Current, inputValue }, new[] { body, input }, body);
        }
    }
}
