using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>The add that closes a residual block, with torchvision's optional 1x1 projection.</summary>
    internal static class Residual
    {
        public static bool Check(Instantiator run, DeclarationSpec block, string prefix, TensorShape input, ref TensorShape body)
        {
            var spec = block.Residual!;
            string self = prefix.TrimEnd('.');
            if (spec.Merge == "Concat") return run.Apply(LayerRules.Concat(self, input, body), self, "Concat", null, ref body, spec.Location);
            if (input == body || spec.IfShapesMatch) return true;
            if (spec.Projection == null)
            {
                var issue = LayerRules.ResidualAdd(self, body, input, projected: false)!;
                return run.Fail(issue, spec.Location);
            }
            string path = prefix + spec.Projection;
            int stride = LayerRules.ProjectionStride(input, body);
            if (stride == 0)
            {
                var issue = LayerRules.ResidualAdd(path, body, input, projected: true)!;
                return run.Fail(issue, spec.Location);
            }
            var shape = input;
            if (!run.Apply(LayerRules.Conv2d(path + ".0", shape, body.C, 1, stride, 0, 1, 1, false, null), path + ".0", "Conv2d", null, ref shape, spec.Location)) return false;
            if (!run.Apply(LayerRules.BatchNorm2d(path + ".1", shape, null), path + ".1", "BatchNorm2d", null, ref shape, spec.Location)) return false;
            var mismatch = LayerRules.ResidualAdd(path, body, shape, projected: true);
            return mismatch == null || run.Fail(mismatch, spec.Location);
        }
    }
}
