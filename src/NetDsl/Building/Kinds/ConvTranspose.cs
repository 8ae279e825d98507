using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[ConvTranspose]: checked by <see cref="ConvTransposeKind"/>; a ConvTranspose1d on a CxL map, a ConvTranspose2d on a CxHxW map.</summary>
        public static ConvolutionTranspose ConvTranspose(BuildContext ctx, string name, ref TensorShape shape, ConvTransposeArgs a)
        {
            if (!shape.Is1d) return ConvTranspose2d(ctx, name, ref shape, a);
            int inChannels = shape.C;
            shape = ctx.Apply(name, ConvTransposeKind.Instance, shape, a);
            return nn.ConvTranspose1d(inChannels, a.OutChannels, a.Kernel, stride: a.Stride, padding: a.Padding, output_padding: a.OutputPadding,
                dilation: a.Dilation, groups: a.Groups, bias: a.Bias);
        }

        /// <summary>[ConvTranspose] on a CxHxW map: checked by <see cref="ConvTransposeKind"/> (<see cref="ConvTranspose"/> takes a CxL map too).</summary>
        public static ConvTranspose2d ConvTranspose2d(BuildContext ctx, string name, ref TensorShape shape, ConvTransposeArgs a)
        {
            Require2d(ctx, name, shape, "ConvTranspose2d", "ConvTranspose");
            int inChannels = shape.C;
            shape = ctx.Apply(name, ConvTransposeKind.Instance, shape, a);
            return nn.ConvTranspose2d(inChannels, a.OutChannels, a.Kernel, stride: a.Stride, padding: a.Padding, output_padding: a.OutputPadding,
                dilation: a.Dilation, groups: a.Groups, bias: a.Bias);
        }
    }
}
