using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>Factories for decoders and channel-wise layers (same contract as the rest of <see cref="Layers"/>).</summary>
    public static partial class Layers
    {
        public static ConvTranspose2d ConvTranspose2d(BuildContext ctx, string name, ref TensorShape shape, int outChannels, int kernel,
            int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1, bool bias = true, int? pinnedIn = null)
        {
            string path = ctx.PathOf(name);
            int inChannels = shape.C;
            shape = ctx.Apply(path, "ConvTranspose2d",
                LayerRules.ConvTranspose2d(path, shape, outChannels, kernel, stride, padding, outputPadding, dilation, groups, bias, pinnedIn));
            return nn.ConvTranspose2d(inChannels, outChannels, kernel, stride: stride, padding: padding, output_padding: outputPadding,
                dilation: dilation, groups: groups, bias: bias);
        }

        public static SqueezeExcite SqueezeExcitation(BuildContext ctx, string name, ref TensorShape shape, int squeeze, Act activation, Act gate)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "SqueezeExcitation", LayerRules.SqueezeExcitation(path, shape, squeeze));
            return new SqueezeExcite(shape.C, squeeze, activation, gate);
        }

        public static Resampling.UpsampleModule Upsample(BuildContext ctx, string name, ref TensorShape shape, int? scale, int? height, int? width,
            Interpolation mode, bool alignCorners)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "Upsample", LayerRules.Upsample(path, shape, scale, height, width));
            return new Resampling.UpsampleModule(scale, height, width, mode, alignCorners);
        }

        public static Dropout2d Dropout2d(BuildContext ctx, string name, ref TensorShape shape, double p)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "Dropout2d", LayerRules.Elementwise(path, "Dropout2d", shape, p));
            return nn.Dropout2d(p);
        }

        public static LocalResponseNorm LocalResponseNorm(BuildContext ctx, string name, ref TensorShape shape, int size,
            double alpha, double beta, double k)
        {
            string path = ctx.PathOf(name);
            shape = ctx.Apply(path, "LocalResponseNorm", LayerRules.LocalResponseNorm(path, shape, size));
            return nn.LocalResponseNorm(size, alpha, beta, k);
        }
    }
}
