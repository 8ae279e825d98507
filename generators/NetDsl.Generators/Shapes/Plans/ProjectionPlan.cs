using System.Collections.Generic;

namespace NetDsl.Shapes
{
    /// <summary>
    /// The shortcut of [Residual(Projection = "downsample")]: nothing when the body keeps the input's shape, else
    /// torchvision's downsample, a 1x1 convolution without bias (its stride chosen to meet the body's size) and a
    /// BatchNorm, named "0" and "1"; then the add must match.
    /// </summary>
    internal static class ProjectionPlan
    {
        /// <summary>The steps (empty when no projection is needed), or the issue when no 1x1 stride reaches the body's size.</summary>
        public static ShapeIssue? Steps(string path, TensorShape input, TensorShape body, out List<PlanStep> steps)
        {
            steps = new List<PlanStep>();
            if (input == body) return null;
            int stride = Stride(input, body);
            if (stride == 0) return Unreachable(path, input, body);
            steps.Add(new PlanStep("0", ConvKind.Instance, new ConvArgs { OutChannels = body.C, Kernel = 1, Stride = stride, Bias = false }));
            steps.Add(new PlanStep("1", BatchNormKind.Instance, new BatchNormArgs()));
            return null;
        }

        /// <summary>
        /// No 1x1 stride takes the input's size to the body's: a spatial problem in the body (the projection would have
        /// handled the channels), so it is named as one even when the channels differ too.
        /// </summary>
        static ShapeIssue Unreachable(string path, TensorShape input, TensorShape body)
        {
            string cause = $"{path}: residual add of body output {body} and shortcut {input}: no 1x1 projection stride takes {Messages.Size(input)} to the body's {Messages.Size(body)}, so the body changes the size by more than a stride";
            return new ShapeIssue(ShapeIssueIds.ResidualSpatial,
                cause + "; make the body keep the size at stride 1 (padding dilation · (kernel - 1) / 2) or divide it by its stride.", "", cause);
        }

        /// <summary>The add after the projection: the projected shortcut must be the body's shape.</summary>
        public static ShapeIssue? Add(string path, TensorShape body, TensorShape projected) =>
            MergeRules.ResidualAdd(path, body, projected, projected: true);

        /// <summary>The stride a 1x1 convolution needs to take <paramref name="input"/> to the body's size, or 0 when none does.</summary>
        public static int Stride(TensorShape input, TensorShape body)
        {
            if (!input.IsMap || !body.IsMap || body.H <= 0 || body.W <= 0) return 0;
            // Either side may be 1 (every stride gives 1 there), so try the stride each side suggests.
            foreach (int s in new[] { (input.H + body.H - 1) / body.H, (input.W + body.W - 1) / body.W })
                if (s >= 1 && Sizes.ConvSize(input.H, 1, s, 0, 1, false) == body.H && Sizes.ConvSize(input.W, 1, s, 0, 1, false) == body.W) return s;
            return 0;
        }
    }
}
