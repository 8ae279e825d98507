using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Layer factories called by generated constructors: each checks the shared shape rule for the
    /// values it gets (throwing the compile-time message if they break it), records a summary row,
    /// advances <c>shape</c> and returns the TorchSharp module.
    /// </summary>
    public static partial class Layers
    {
        public static Conv2d Conv2d(BuildContext ctx, string name, ref TensorShape shape, int outChannels, int kernel,
            int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, int? pinnedIn = null)
        {
            string path = ctx.PathOf(name);
            int inChannels = shape.C;
            shape = ctx.Apply(path, "Conv2d",
                LayerRules.Conv2d(path, shape, outChannels, kernel, stride, padding, dilation, groups, bias, pinnedIn));
            return nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, dilation: dilation,
                groups: groups, bias: bias);
        }

        public static BatchNorm2d BatchNorm2d(BuildContext ctx, string name, ref TensorShape shape, int? pinnedIn = null,
            double eps = 1e-5, double momentum = 0.1)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "BatchNorm2d", LayerRules.BatchNorm2d(path, shape, pinnedIn));
            return nn.BatchNorm2d(shape.C, eps, momentum);
        }

        public static Linear Linear(BuildContext ctx, string name, ref TensorShape shape, int outFeatures,
            bool bias = true, int? pinnedIn = null)
        {
            string path = ctx.PathOf(name);
            int inFeatures = shape.C;
            shape = ctx.Apply(path, "Linear", LayerRules.Linear(path, shape, outFeatures, bias, pinnedIn));
            return nn.Linear(inFeatures, outFeatures, hasBias: bias);
        }

        public static MaxPool2d MaxPool2d(BuildContext ctx, string name, ref TensorShape shape, int kernel,
            int? stride = null, int padding = 0, bool ceilMode = false)
        {
            string path = ctx.PathOf(name);
            int s = stride ?? kernel;
            shape = ctx.Apply(path, "MaxPool2d", LayerRules.Pool2d(path, "MaxPool2d", shape, kernel, s, padding, ceilMode));
            return nn.MaxPool2d(kernel, s, padding, ceil_mode: ceilMode);
        }

        public static AvgPool2d AvgPool2d(BuildContext ctx, string name, ref TensorShape shape, int kernel,
            int? stride = null, int padding = 0, bool ceilMode = false)
        {
            string path = ctx.PathOf(name);
            int s = stride ?? kernel;
            shape = ctx.Apply(path, "AvgPool2d", LayerRules.Pool2d(path, "AvgPool2d", shape, kernel, s, padding, ceilMode));
            return nn.AvgPool2d(kernel, s, padding, ceil_mode: ceilMode);
        }

        public static AdaptiveAvgPool2d AdaptiveAvgPool2d(BuildContext ctx, string name, ref TensorShape shape, int height, int width)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "AdaptiveAvgPool2d", LayerRules.AdaptiveAvgPool2d(path, shape, height, width));
            return nn.AdaptiveAvgPool2d(new long[] { height, width });
        }

        public static AdaptiveAvgPool2d GlobalAvgPool(BuildContext ctx, string name, ref TensorShape shape)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "GlobalAvgPool", LayerRules.GlobalAvgPool(path, shape));
            return nn.AdaptiveAvgPool2d(1);
        }

        public static Flatten Flatten(BuildContext ctx, string name, ref TensorShape shape)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "Flatten", LayerRules.Flatten(path, shape));
            return nn.Flatten();
        }

        public static Dropout Dropout(BuildContext ctx, string name, ref TensorShape shape, double p)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "Dropout", LayerRules.Elementwise(path, "Dropout", shape, p));
            return nn.Dropout(p);
        }

        /// <summary>A parameter-free activation module (in place where the caller knows it is safe).</summary>
        public static nn.Module<Tensor, Tensor> Activation(BuildContext ctx, string name, ref TensorShape shape,
            Act kind, bool inplace = false)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, kind.ToString(), LayerRules.Elementwise(path, kind.ToString(), shape));
            return Activations.Module(kind, inplace);
        }

        public static LeakyReLU LeakyReLU(BuildContext ctx, string name, ref TensorShape shape, double slope, bool inplace = false)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "LeakyReLU", LayerRules.Elementwise(path, "LeakyReLU", shape));
            return nn.LeakyReLU(slope, inplace);
        }

        /// <summary>A VGG-style stack: per channel count Conv (+BatchNorm) + ReLU, per M a 2x2 max pool.</summary>
        public static Sequential ConvStack(BuildContext ctx, string name, ref TensorShape shape, string spec,
            int kernel, int padding, bool batchNorm)
        {
            BuildContext.Check(StructureRules.ConvStack(ctx.PathOf(name), spec, out var items));
            var child = ctx.Child(name);
            var modules = new System.Collections.Generic.List<(string, nn.Module<Tensor, Tensor>)>();
            foreach (int item in items!)
            {
                string index = modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (item == 0) { modules.Add((index, MaxPool2d(child, index, ref shape, 2, 2))); continue; }
                modules.Add((index, Conv2d(child, index, ref shape, item, kernel, padding: padding)));
                if (batchNorm)
                {
                    index = modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    modules.Add((index, BatchNorm2d(child, index, ref shape)));
                }
                index = modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                modules.Add((index, Activation(child, index, ref shape, Act.ReLU, inplace: true)));
            }
            return nn.Sequential(modules.ToArray());
        }

        /// <summary>Creates one block instance: <paramref name="index"/> is its position in a Repeat.</summary>
        public delegate nn.Module<Tensor, Tensor> BlockFactory(BuildContext ctx, int index, ref TensorShape shape);

        /// <summary>
        /// <paramref name="count"/> block instances in a Sequential, named <paramref name="prefix"/> + index
        /// from <paramref name="start"/> ("0", "1", … by default; "denselayer1", … for DenseNet).
        /// </summary>
        public static Sequential Repeat(BuildContext ctx, string name, ref TensorShape shape, int count, string blockName, BlockFactory create,
            string prefix = "", int start = 0)
        {
            BuildContext.Check(StructureRules.RepeatCount(ctx.PathOf(name), blockName, count));
            var child = ctx.Child(name);
            var blocks = new (string, nn.Module<Tensor, Tensor>)[count];
            for (int i = 0; i < count; i++)
            {
                string index = prefix + (start + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                blocks[i] = (index, create(child.Child(index), i, ref shape));
            }
            return nn.Sequential(blocks);
        }

        /// <summary>Squeeze-excite on the current feature map (keeps its shape).</summary>
        public static SqueezeExcite SqueezeExcite(BuildContext ctx, string name, ref TensorShape shape, int reduction)
        {
            string path = ctx.PathOf(name);
            BuildContext.Check(LayerRules.SqueezeExcite(path, shape, reduction, out var fc1, out var fc2));
            ctx.Apply(path + ".fc1", "Conv2d", fc1);
            ctx.Apply(path + ".fc2", "Conv2d", fc2);
            return new SqueezeExcite(shape.C, fc1.Output.C);
        }

        /// <summary>Merges parallel branches in order (channel concat or add), checking each pair as the generator did.</summary>
        public static TensorShape MergeBranches(BuildContext ctx, bool concat, params TensorShape[] branches)
        {
            var merged = branches[0];
            for (int i = 1; i < branches.Length; i++)
            {
                var outcome = LayerRules.Merge(ctx.Self, concat, merged, branches[i]);
                BuildContext.Check(outcome.Issue);
                merged = outcome.Output;
            }
            return ctx.Apply(ctx.Self, concat ? "Concat" : "Add", LayerOutcome.Success(merged));
        }

        /// <summary>The concat that closes a [Skip(Merge.Concat)] block: input channels + body channels.</summary>
        public static void ConcatSkip(BuildContext ctx, TensorShape input, ref TensorShape body) =>
            body = ctx.Apply(ctx.Self, "Concat", LayerRules.Concat(ctx.Self, input, body));

        /// <summary>Checks the add that closes a residual block without projection.</summary>
        public static void ResidualAdd(BuildContext ctx, TensorShape input, TensorShape body) =>
            BuildContext.Check(LayerRules.ResidualAdd(ctx.Self, body, input, projected: false));

        /// <summary>
        /// The shortcut of a residual block: null when the body keeps the input's shape, else a 1x1
        /// convolution (stride chosen to meet the body's size) + BatchNorm, as torchvision's downsample.
        /// </summary>
        public static Sequential? Projection(BuildContext ctx, string name, TensorShape input, TensorShape body)
        {
            if (input == body) return null;
            int stride = LayerRules.ProjectionStride(input, body);
            if (stride == 0) BuildContext.Check(LayerRules.ResidualAdd(ctx.PathOf(name), body, input, projected: true));
            var child = ctx.Child(name);
            var shape = input;
            var conv = Conv2d(child, "0", ref shape, body.C, 1, stride: stride, bias: false);
            var norm = BatchNorm2d(child, "1", ref shape);
            BuildContext.Check(LayerRules.ResidualAdd(ctx.PathOf(name), body, shape, projected: true));
            return nn.Sequential(("0", (nn.Module<Tensor, Tensor>)conv), ("1", norm));
        }
    }
}
