using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Checks a VGG-style [ConvStack] step by step from the kernel's <see cref="ConvStackPlan"/>.</summary>
    internal static class ConvStack
    {
        public static bool Check(Instantiator run, LayerSpec layer, KindSchema kind, ArgResolver resolver, string path, ref TensorShape shape)
        {
            var args = (ConvStackArgs?)LayerChecker.Bind(layer, kind, resolver, path, out var error);
            if (error != null) return run.Fail(error);
            var issue = ConvStackPlan.Steps(path, args!, out var steps);
            if (issue != null) return run.Fail(issue, layer.Arg("spec").Location ?? layer.Location);
            return run.Apply(steps, path, layer, ref shape);
        }
    }
}
