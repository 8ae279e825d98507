using NetDsl.Shapes;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>
        /// A deformable convolution (DCN v1, v2 when <paramref name="modulated"/>) checked by
        /// <see cref="LayerRules.DeformConv2d"/>; one summary row counts the main and the offset convolution.
        /// State-dict keys under <paramref name="name"/>: weight, bias, offset.weight, offset.bias.
        /// </summary>
        public static DeformableConv2d DeformConv2d(BuildContext ctx, string name, ref TensorShape shape, int outChannels, int kernel,
            int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, bool modulated = false, int? pinnedIn = null)
        {
            string path = ctx.PathOf(name);
            int inChannels = shape.C;
            shape = ctx.Apply(path, "DeformConv2d",
                LayerRules.DeformConv2d(path, shape, outChannels, kernel, stride, padding, dilation, groups, bias, modulated, pinnedIn));
            return new DeformableConv2d(inChannels, outChannels, kernel, stride, padding, dilation, groups, bias, modulated);
        }
    }
}
