using System.Collections.Generic;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>The shortcut of a residual block from <see cref="ProjectionPlan"/>: null when the body keeps the input's shape.</summary>
        public static Sequential? Projection(BuildContext ctx, string name, TensorShape input, TensorShape body)
        {
            BuildContext.Check(ProjectionPlan.Steps(ctx.PathOf(name), input, body, out var steps));
            if (steps.Count == 0) return null;
            var shape = input;
            var modules = Build(ctx.Child(name), steps, ref shape);
            BuildContext.Check(ProjectionPlan.Add(ctx.PathOf(name), body, shape));
            return nn.Sequential(modules.ToArray());
        }

        /// <summary>Checks the add that closes a residual block without projection.</summary>
        public static void ResidualAdd(BuildContext ctx, TensorShape input, TensorShape body) =>
            BuildContext.Check(MergeRules.ResidualAdd(ctx.Self, body, input, projected: false));
    }
}
