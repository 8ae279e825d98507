using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Evaluates one layer attribute for an instance and runs its shared shape rule.</summary>
    internal static class LayerChecker
    {
        /// <summary>Summary kind name of a layer attribute: the same names the run-time factories record.</summary>
        /// <summary>The summary row's kind for <paramref name="layer"/>: an [Activation(x)] row is named after x, as at run time.</summary>
        public static string RowKind(LayerSpec layer, Scalar? firstArgument) =>
            layer.Kind == "Activation" && firstArgument.HasValue && firstArgument.Value.Int >= 0 && firstArgument.Value.Int < LayerKind.ActNames.Length
                ? LayerKind.ActNames[firstArgument.Value.Int]
                : RowKind(layer.Kind);

        public static string RowKind(string kind) => kind switch
        {
            "Conv" => "Conv2d",
            "BatchNorm" => "BatchNorm2d",
            "MaxPool" => "MaxPool2d",
            "AvgPool" => "AvgPool2d",
            "AdaptiveAvgPool" => "AdaptiveAvgPool2d",
            "ConvTranspose" => "ConvTranspose2d",
            "DeformConv" => "DeformConv2d",
            "LRN" => "LocalResponseNorm",
            _ => kind,
        };

        /// <summary>Runs the rule; null outcome with <paramref name="error"/> set when an argument is bad.</summary>
        public static LayerOutcome? Check(LayerSpec layer, LayerKind kind, ArgResolver args, string path, TensorShape input, out DiagnosticInfo? error)
        {
            error = null;
            var values = new Scalar?[kind.Args.Count];
            string what = RowKind(layer.Kind);
            for (int i = 0; i < kind.Args.Count; i++)
            {
                values[i] = args.Resolve(layer, kind.Args[i], path, what, out error);
                if (error != null) return null;
            }
            int I(int i) => (int)values[i]!.Value.Int;
            int? N(int i) => values[i].HasValue ? (int)values[i]!.Value.Int : (int?)null;
            bool B(int i) => values[i]!.Value.Bool;
            switch (layer.Kind)
            {
                case "Conv": return LayerRules.Conv2d(path, input, I(0), I(1), I(2), I(3), I(4), I(5), B(6), N(7));
                case "BatchNorm": return LayerRules.BatchNorm2d(path, input, N(0));
                case "DeformConv": return LayerRules.DeformConv2d(path, input, I(0), I(1), I(2), I(3), I(4), I(5), B(6), B(7), N(8));
                case "ConvTranspose": return LayerRules.ConvTranspose2d(path, input, I(0), I(1), I(2), I(3), I(4), I(5), I(6), B(7), N(8));
                case "SqueezeExcitation": return LayerRules.SqueezeExcitation(path, input, I(0));
                case "Upsample": return LayerRules.Upsample(path, input, N(0), N(1), N(2));
                case "Dropout2d": return LayerRules.Elementwise(path, "Dropout2d", input, values[0]!.Value.Double);
                case "LRN": return LayerRules.LocalResponseNorm(path, input, I(0));
                case "Linear": return LayerRules.Linear(path, input, I(0), B(1), N(2));
                case "MaxPool":
                case "AvgPool":
                    return LayerRules.Pool2d(path, what, input, I(0), N(1) ?? I(0), I(2), B(3));
                case "GlobalAvgPool": return LayerRules.GlobalAvgPool(path, input);
                case "AdaptiveAvgPool": return LayerRules.AdaptiveAvgPool2d(path, input, I(0), I(1));
                case "Flatten": return LayerRules.Flatten(path, input);
                case "Dropout": return LayerRules.Elementwise(path, "Dropout", input, values[0]!.Value.Double);
                case "Activation":
                    if (I(0) < 0 || I(0) >= LayerKind.ActNames.Length)
                        return LayerOutcome.Fail(ShapeIssueIds.InvalidArgument, $"{path}: Activation {I(0)} is not an Act; pass Act.ReLU, Act.Hardswish, ….", "kind");
                    return LayerRules.Elementwise(path, LayerKind.ActNames[I(0)], input);
                default: return LayerRules.Elementwise(path, layer.Kind, input);
            }
        }

        /// <summary>Where an issue points: the argument the rule blames, else the attribute.</summary>
        public static LocationInfo? Locate(LayerSpec layer, ShapeIssue issue)
        {
            if (issue.Argument.Length > 0)
            {
                string name = issue.Argument == "out" ? (layer.Kind == "Linear" ? "outFeatures" : "outChannels") : issue.Argument;
                if (layer.Kind == "Upsample" && name == "scale" && layer.Arg("scale").Location == null) name = "Height";
                var value = layer.Arg(name);
                if (value.Location != null) return value.Location;
            }
            return layer.Location;
        }
    }
}
