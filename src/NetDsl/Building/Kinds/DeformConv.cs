using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>
        /// [DeformConv]: checked by <see cref="DeformConvKind"/>; one summary row counts the main and the offset convolution.
        /// State-dict keys under <paramref name="name"/>: weight, bias, offset.weight, offset.bias.
        /// </summary>
        public static DeformableConv2d DeformConv2d(BuildContext ctx, string name, ref TensorShape shape, DeformConvArgs a)
        {
            int inChannels = shape.C;
            shape = ctx.Apply(name, DeformConvKind.Instance, shape, a);
            return new DeformableConv2d(inChannels, a.OutChannels, a.Kernel, a.Stride, a.Padding, a.Dilation, a.Groups, a.Bias, a.Modulated);
        }
    }
}
