using System.Collections.Generic;
using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>[ConvStack]'s layers in torchvision's Sequential order: per channel count Conv (+BatchNorm) + ReLU, per M a 2x2 MaxPool.</summary>
    internal static class ConvStackPlan
    {
        /// <summary>The steps, or the issue when the spec does not parse.</summary>
        public static ShapeIssue? Steps(string path, ConvStackArgs a, out List<PlanStep> steps)
        {
            steps = new List<PlanStep>();
            var issue = StructureRules.ConvStack(path, a.Spec, out var items);
            if (issue != null) return issue;
            foreach (int item in items!)
            {
                if (item == 0) { Add(steps, MaxPoolKind.Instance, new MaxPoolArgs { Kernel = 2, Stride = 2 }); continue; }
                Add(steps, ConvKind.Instance, new ConvArgs { OutChannels = item, Kernel = a.Kernel, Padding = a.Padding });
                if (a.BatchNorm) Add(steps, BatchNormKind.Instance, new BatchNormArgs());
                Add(steps, ActivationKind.Any, new ActivationArgs { Kind = Act.ReLU });
            }
            return null;
        }

        static void Add(List<PlanStep> steps, LayerKind kind, object args) =>
            steps.Add(new PlanStep(steps.Count.ToString(CultureInfo.InvariantCulture), kind, args));
    }
}
