using System.Globalization;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Checks a VGG-style [ConvStack] entry by entry, with torchvision's Sequential indices.</summary>
    internal static class ConvStack
    {
        public static bool Check(Instantiator run, LayerSpec layer, ArgResolver resolver, string path, ref TensorShape shape)
        {
            var kind = LayerKind.Find("ConvStack")!;
            var spec = resolver.Resolve(layer, kind.Arg("spec")!, path, "ConvStack", out var error);
            var kernel = error == null ? resolver.Resolve(layer, kind.Arg("Kernel")!, path, "ConvStack", out error) : null;
            var padding = error == null ? resolver.Resolve(layer, kind.Arg("Padding")!, path, "ConvStack", out error) : null;
            var batchNorm = error == null ? resolver.Resolve(layer, kind.Arg("BatchNorm")!, path, "ConvStack", out error) : null;
            if (error != null) return run.Fail(error);
            var issue = StructureRules.ConvStack(path, spec!.Value.String, out var items);
            if (issue != null) return run.Fail(issue, layer.Arg("spec").Location ?? layer.Location);
            int index = 0;
            foreach (int item in items!)
            {
                string at = path + "." + index.ToString(CultureInfo.InvariantCulture);
                if (item == 0)
                {
                    if (!run.Apply(LayerRules.Pool2d(at, "MaxPool2d", shape, 2, 2, 0, false), at, "MaxPool2d", layer, ref shape)) return false;
                    index++;
                    continue;
                }
                var conv = LayerRules.Conv2d(at, shape, item, (int)kernel!.Value.Int, 1, (int)padding!.Value.Int, 1, 1, true, null);
                if (!run.Apply(conv, at, "Conv2d", layer, ref shape)) return false;
                index++;
                if (batchNorm!.Value.Bool)
                {
                    at = path + "." + index.ToString(CultureInfo.InvariantCulture);
                    if (!run.Apply(LayerRules.BatchNorm2d(at, shape, null), at, "BatchNorm2d", layer, ref shape)) return false;
                    index++;
                }
                at = path + "." + index.ToString(CultureInfo.InvariantCulture);
                if (!run.Apply(LayerRules.Elementwise(at, "ReLU", shape), at, "ReLU", layer, ref shape)) return false;
                index++;
            }
            return true;
        }
    }
}
