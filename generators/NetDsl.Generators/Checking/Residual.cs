using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>The merge that closes a [Residual] or [Skip] block, with the kernel's <see cref="ProjectionPlan"/>.</summary>
    internal static class Residual
    {
        /// <remarks>The shortcut starts from the block input's path <paramref name="inputPath"/> (its receptive field: the add or concat keeps the larger).</remarks>
        public static bool Check(Instantiator run, DeclarationSpec block, string prefix, TensorShape input, PathState inputPath, ref TensorShape body, ArgResolver resolver)
        {
            var spec = block.Residual!;
            string self = prefix.TrimEnd('.');
            // With IfShapesMatch the drop, like the add, exists only where the body keeps the shape (torchvision's MBConv).
            bool dropped = spec.Merge == "Concat" || !spec.IfShapesMatch || input == body;
            if (!ScaleAndDrop(run, spec, self, resolver, body, dropped)) return false;
            run.AtResidual(body, self);
            var bodyPath = run.Path;
            string merge = spec.Merge == "Concat" ? $"{self} (skip concat)" : $"{self} (residual add)";
            // The input meets the body unchanged (a projection's own steps are met below; IfShapesMatch with other shapes adds nothing).
            bool identity = spec.Merge == "Concat" || input == body || (!spec.IfShapesMatch && spec.Projection == null);
            run.Path = identity ? run.Meet(bodyPath, body, "the body", inputPath, input, "the shortcut", merge)
                : bodyPath.WithField(ReceptiveField.Merge(bodyPath.Field, inputPath.Field));
            if (spec.Merge == "Concat") return run.Apply(MergeRules.Concat(self, input, body), self, "Concat", null, ref body, spec.Location);
            if (input == body || spec.IfShapesMatch) return true;
            // A failed add is reported and the block goes on with its body's shape (what the add would keep).
            bool GoOn(ShapeIssue broken)
            {
                run.Fail(broken, spec.Location);
                return true;
            }
            if (spec.Projection == null) return GoOn(MergeRules.ResidualAdd(self, body, input, projected: false)!);
            string path = prefix + spec.Projection;
            var issue = ProjectionPlan.Steps(path, input, body, out var steps);
            if (issue != null) return GoOn(issue);
            var shortcut = input;
            run.Path = inputPath;
            if (!run.Apply(steps, path, null, ref shortcut, spec.Location)) return false;
            run.Path = run.Meet(bodyPath, body, "the body", run.Path, shortcut, "the projection " + spec.Projection, merge);
            var mismatch = ProjectionPlan.Add(path, body, shortcut);
            return mismatch == null || GoOn(mismatch);
        }

        /// <summary>
        /// [Residual(LayerScale = s, StochasticDepth = p)]: a C x 1 x 1 scale (C parameters the block itself owns, so its row
        /// is the block's path) and a drop row, each checked at its argument.
        /// </summary>
        static bool ScaleAndDrop(Instantiator run, ResidualSpec spec, string self, ArgResolver resolver, TensorShape body, bool dropped)
        {
            if (spec.LayerScale != null)
            {
                string path = self;
                resolver.Resolve(spec.LayerScale, ArgType.Double, path, "[Residual] LayerScale", out var error);
                if (error != null) return run.Fail(error);
                var outcome = MergeRules.LayerScale(path, body);
                if (!run.Apply(outcome, path, "LayerScale", null, ref body, spec.LayerScale.Location ?? spec.Location)) return false;
            }
            if (spec.StochasticDepth != null && dropped)
            {
                string path = self;
                var p = resolver.Resolve(spec.StochasticDepth, ArgType.Double, path, "[Residual] StochasticDepth", out var error);
                if (error != null) return run.Fail(error);
                string mode = StochasticDepthArgs.RowMode;
                if (spec.StochasticDepthMode != null)
                {
                    mode = resolver.Resolve(spec.StochasticDepthMode, ArgType.String, path, "[Residual] StochasticDepthMode", out error)?.String ?? mode;
                    if (error != null) return run.Fail(error);
                }
                var outcome = StochasticDepthKind.Instance.Rule(path, body, new StochasticDepthArgs { P = p!.Value.Double, Mode = mode });
                // A bad mode is reported at StochasticDepthMode, a bad probability at StochasticDepth.
                var at = outcome.Issue?.Argument == "Mode" ? spec.StochasticDepthMode!.Location : spec.StochasticDepth.Location;
                if (!run.Apply(outcome, path, StochasticDepthKind.Instance.Row, null, ref body, at ?? spec.Location)) return false;
            }
            return true;
        }
    }
}
