using System.Collections.Generic;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>
        /// Builds a kernel plan's steps (a ConvStack's layers, a projection) into (name, module) pairs with the kinds' factories.
        /// An activation works in place after a kind whose output may be overwritten, as in a generated member.
        /// </summary>
        internal static List<(string, nn.Module<Tensor, Tensor>)> Build(BuildContext ctx, IReadOnlyList<PlanStep> steps, ref TensorShape shape)
        {
            var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
            LayerKind? previous = null;
            foreach (var step in steps)
            {
                nn.Module<Tensor, Tensor> module = step.Args switch
                {
                    ConvArgs a => Conv(ctx, step.Name, ref shape, a),
                    BatchNormArgs a => BatchNorm(ctx, step.Name, ref shape, a),
                    MaxPoolArgs a => MaxPool(ctx, step.Name, ref shape, a),
                    ActivationArgs a => Activation(ctx, step.Name, ref shape, a, inplace: previous?.OutputOverwritable == true),
                    _ => throw new System.NotSupportedException($"{ctx.PathOf(step.Name)}: a plan step of kind {step.Kind.Name} has no factory here; add it to Layers.Build."),
                };
                modules.Add((step.Name, module));
                previous = step.Kind;
            }
            return modules;
        }
    }
}
